using System.Text.Json;
using McpGateway.Admin.Extensions;
using McpGateway.Admin.Infrastructure;
using McpGateway.Admin.Model;
using Microsoft.AspNetCore.Mvc;

namespace McpGateway.Admin.Pages;

/// <summary>One virtual server: what it is composed of, its MCP URL and a client configuration to paste; delete.</summary>
public sealed class VirtualServerModel(GatewayApi api, AdminSettings settings) : AdminPage(api)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public ServerSummary? Server { get; private set; }
    public IReadOnlyList<MemberSummary> Tools { get; private set; } = [];

    public string McpUrl => $"{settings.PublicOrigin}/servers/{Uri.EscapeDataString(Server!.Id)}/mcp";

    /// <summary>
    /// The `mcpServers` entry MCP clients read (Streamable HTTP). The token is a placeholder: an API token of the user's
    /// (one limited to this server is best), never one of this session.
    /// </summary>
    public string ClientConfig => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["mcpServers"] = new Dictionary<string, object>
        {
            [Server!.Name] = new Dictionary<string, object>
            {
                ["type"] = "http",
                ["url"] = McpUrl,
                ["headers"] = new Dictionary<string, string> { ["Authorization"] = "Bearer <an API token of yours, limited to this server>" },
            },
        },
    }, Indented);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var path = $"/servers/{Uri.EscapeDataString(id)}";
        var server = Api.GetAsync<ServerSummary>(path, cancellationToken);
        var tools = Api.GetAsync<List<MemberSummary>>(path + "/tools", cancellationToken);
        Server = ValueOrProblem(await server);
        Tools = (await tools).Value ?? [];
        return SessionEnded ? SignInAgain() : Server is null && Problem?.Status == 404 ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id, CancellationToken cancellationToken)
    {
        var deleted = await Api.DeleteAsync($"/servers/{Uri.EscapeDataString(id)}", cancellationToken);
        if (!deleted.Succeeded)
        {
            await OnGetAsync(id, cancellationToken);
            return PageWithProblem(deleted.Problem!);
        }
        Notice = "Virtual server deleted.";
        return RedirectToPage("/VirtualServers");
    }
}
