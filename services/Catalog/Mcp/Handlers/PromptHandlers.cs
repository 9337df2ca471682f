using System.Text.Json;
using System.Text.RegularExpressions;
using McpGateway.ServiceDefaults.Authorization;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Catalog.Mcp.Handlers;

/// <summary>
/// `prompts/list` and `prompts/get` of a virtual server. Getting a prompt renders it, so it needs `prompts.execute`
/// in the prompt's team besides seeing it. Upstream prompts are rendered by their upstream under their original name;
/// prompts registered in the catalog are rendered from their template (`{{ argument }}` placeholders).
/// </summary>
public sealed partial class PromptHandlers(VirtualServerRequest requests, UpstreamForwarder forwarder)
{
    public async ValueTask<ListPromptsResult> ListAsync(RequestContext<ListPromptsRequestParams> request, CancellationToken cancellationToken)
    {
        var (server, caller) = await requests.ResolveAsync(request, cancellationToken);
        return new ListPromptsResult { Prompts = server.Prompts.Where(p => requests.Policy.CanSee(caller, p.Scope)).Select(p => p.Definition).ToList() };
    }

    public async ValueTask<GetPromptResult> GetAsync(RequestContext<GetPromptRequestParams> request, CancellationToken cancellationToken)
    {
        var (server, caller) = await requests.ResolveAsync(request, cancellationToken);
        var name = request.Params?.Name ?? "";
        if (!server.PromptsByName.TryGetValue(name, out var prompt) || !requests.Policy.CanSee(caller, prompt.Scope))
        {
            throw new McpProtocolException($"Unknown prompt: '{name}'", McpErrorCode.InvalidParams);
        }
        if (!requests.Policy.IsAllowed(caller, Permissions.PromptsExecute, prompt.Scope.TeamId))
        {
            throw new McpProtocolException($"Getting '{name}' needs prompts.execute in its team.", McpErrorCode.InvalidRequest);
        }
        if (prompt.Upstream is null)
        {
            return Render(prompt.Definition, prompt.Template ?? "", request.Params?.Arguments);
        }
        var forwarded = new GetPromptRequestParams
        {
            Name = prompt.OriginalName,
            Arguments = request.Params?.Arguments,
            Meta = UpstreamForwarder.ForwardedMeta(request.Params?.Meta),
        };
        return await forwarder.SendAsync(prompt.Upstream, idempotent: true, (client, ct) => client.GetPromptAsync(forwarded, ct), cancellationToken);
    }

    private static GetPromptResult Render(Prompt definition, string template, IDictionary<string, JsonElement>? arguments)
    {
        var text = Placeholder().Replace(template, match =>
            arguments is not null && arguments.TryGetValue(match.Groups[1].Value, out var value)
                ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()
                : "");
        return new GetPromptResult
        {
            Description = definition.Description,
            Messages = [new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = text } }],
        };
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_\-]+)\s*\}\}")]
    private static partial Regex Placeholder();
}
