using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Catalog.Mcp.Handlers;

/// <summary>
/// `completion/complete` for a prompt's or a resource template's argument: asked of the upstream that offers it (the
/// prompt under its original name), for items the caller may see. Anything else completes to nothing.
/// </summary>
public sealed class CompletionHandler(VirtualServerRequest requests, UpstreamForwarder forwarder)
{
    private static readonly CompleteResult Nothing = new() { Completion = new Completion { Values = [] } };

    public async ValueTask<CompleteResult> CompleteAsync(RequestContext<CompleteRequestParams> request, CancellationToken cancellationToken)
    {
        var (server, caller) = await requests.ResolveAsync(request, cancellationToken);
        if (request.Params is not { } parameters)
        {
            return Nothing;
        }
        switch (parameters.Ref)
        {
            case PromptReference reference when server.PromptsByName.TryGetValue(reference.Name, out var prompt)
                && requests.Policy.CanSee(caller, prompt.Scope) && prompt.Upstream is not null:
                var forPrompt = new CompleteRequestParams
                {
                    Ref = new PromptReference { Name = prompt.OriginalName },
                    Argument = parameters.Argument,
                    Context = parameters.Context,
                };
                return await forwarder.SendAsync(prompt.Upstream, idempotent: true, (client, ct) => client.CompleteAsync(forPrompt, ct), cancellationToken);
            case ResourceTemplateReference reference when server.Templates.FirstOrDefault(t => t.Uri == reference.Uri) is { } template
                && requests.Policy.CanSee(caller, template.Scope) && template.Upstream is not null:
                return await forwarder.SendAsync(template.Upstream, idempotent: true, (client, ct) => client.CompleteAsync(parameters, ct), cancellationToken);
            default:
                return Nothing;
        }
    }
}
