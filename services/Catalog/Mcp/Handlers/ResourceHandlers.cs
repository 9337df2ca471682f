using McpGateway.Catalog.Mcp.Views;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Catalog.Mcp.Handlers;

/// <summary>
/// `resources/list`, `resources/templates/list` and `resources/read` of a virtual server, filtered by what the caller
/// may see. A read of a listed URI, or of one that instantiates a listed template, goes to that item's upstream;
/// resources registered directly in the catalog are answered from their stored content.
/// </summary>
public sealed class ResourceHandlers(VirtualServerRequest requests, UpstreamForwarder forwarder)
{
    public async ValueTask<ListResourcesResult> ListAsync(RequestContext<ListResourcesRequestParams> request, CancellationToken cancellationToken)
    {
        var (server, caller) = await requests.ResolveAsync(request, cancellationToken);
        return new ListResourcesResult { Resources = server.Resources.Where(r => requests.Policy.CanSee(caller, r.Scope)).Select(r => r.Resource!).ToList() };
    }

    public async ValueTask<ListResourceTemplatesResult> ListTemplatesAsync(RequestContext<ListResourceTemplatesRequestParams> request, CancellationToken cancellationToken)
    {
        var (server, caller) = await requests.ResolveAsync(request, cancellationToken);
        return new ListResourceTemplatesResult
        {
            ResourceTemplates = server.Templates.Where(t => requests.Policy.CanSee(caller, t.Scope)).Select(t => t.Template!).ToList(),
        };
    }

    public async ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken)
    {
        var (server, caller) = await requests.ResolveAsync(request, cancellationToken);
        var uri = request.Params?.Uri ?? "";
        var resource = Find(server, uri);
        if (resource is null || !requests.Policy.CanSee(caller, resource.Scope))
        {
            throw new McpProtocolException($"Resource not found: '{uri}'", McpErrorCode.ResourceNotFound);
        }
        if (resource.Upstream is null)
        {
            return new ReadResourceResult
            {
                Contents = [new TextResourceContents { Uri = uri, MimeType = resource.Resource?.MimeType ?? resource.Template?.MimeType, Text = resource.Content ?? "" }],
            };
        }
        var forwarded = new ReadResourceRequestParams { Uri = uri, Meta = UpstreamForwarder.ForwardedMeta(request.Params?.Meta) };
        return await forwarder.SendAsync(resource.Upstream, idempotent: true, (client, ct) => client.ReadResourceAsync(forwarded, ct), cancellationToken);
    }

    private static ExposedResource? Find(VirtualServerView server, string uri) =>
        server.ResourcesByUri.GetValueOrDefault(uri) ?? server.Templates.FirstOrDefault(t => t.Matcher!.Matches(uri));
}
