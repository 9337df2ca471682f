using System.Text.Json;
using McpGateway.Admin.Infrastructure;
using McpGateway.Admin.Model;
using Microsoft.AspNetCore.Mvc;

namespace McpGateway.Admin.Pages;

/// <summary>
/// One tool and "try it": a form generated from its input schema, sent as an MCP `tools/call` through a virtual server
/// that includes the tool, with the user's token - exactly the call any MCP client of that server makes.
/// </summary>
public sealed class ToolModel(GatewayApi api) : AdminPage(api)
{
    /// <summary>How many of the user's virtual servers are searched for ones including this tool.</summary>
    private const int ServersSearched = 100;

    public ToolDetail? Tool { get; private set; }
    public IReadOnlyList<ArgumentField> Fields { get; private set; } = [];
    public IReadOnlyList<ServerSummary> Servers { get; private set; } = [];

    [BindProperty] public string? ServerId { get; set; }

    /// <summary>The call's result: its content blocks, structured content and whether the tool reported an error.</summary>
    public JsonElement? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        await LoadAsync(id, cancellationToken);
        return SessionEnded ? SignInAgain() : Tool is null && Problem?.Status == 404 ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostCallAsync(string id, CancellationToken cancellationToken)
    {
        await LoadAsync(id, cancellationToken);
        if (Tool is null)
        {
            return SessionEnded ? SignInAgain() : Page();
        }
        if (string.IsNullOrEmpty(ServerId))
        {
            return PageWithProblem(Invalid("server", "Choose a virtual server to call the tool through."));
        }
        var (arguments, errors) = ToolArguments.Read(Fields, Request.Form);
        if (errors.Count > 0)
        {
            return PageWithProblem(new ApiProblem(StatusCodes.Status400BadRequest, "The arguments are not valid", null, errors));
        }
        var response = await Api.McpRequestAsync(ServerId, "tools/call", Tool.Name, new { name = Tool.Name, arguments }, cancellationToken);
        if (!response.Succeeded)
        {
            return PageWithProblem(response.Problem!);
        }
        var message = response.Value;
        if (message.TryGetProperty("error", out var error))
        {
            var text = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : error.GetRawText();
            return PageWithProblem(new ApiProblem(StatusCodes.Status502BadGateway, "The MCP call failed", text, new Dictionary<string, string[]>()));
        }
        Result = message.TryGetProperty("result", out var result) ? result : null;
        return Page();
    }

    /// <summary>A content block as text: text as it is, anything else (image, resource link) as its JSON.</summary>
    public static string Describe(JsonElement block) =>
        block.TryGetProperty("type", out var type) && type.GetString() == "text" && block.TryGetProperty("text", out var text)
            ? text.GetString() ?? ""
            : JsonSerializer.Serialize(block, Indented);

    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private async Task LoadAsync(string id, CancellationToken cancellationToken)
    {
        var tool = Api.GetAsync<ToolDetail>($"/tools/{Uri.EscapeDataString(id)}", cancellationToken);
        var servers = Api.GetAsync<ServerPage>($"/servers?include_pagination=true&limit={ServersSearched}", cancellationToken);
        Tool = ValueOrProblem(await tool);
        Fields = Tool is null ? [] : ToolArguments.Fields(Tool.InputSchema);
        Servers = (ValueOrProblem(await servers)?.Items ?? []).Where(s => s.AssociatedTools.Contains(id, StringComparer.Ordinal)).ToList();
    }

    private static ApiProblem Invalid(string field, string message) =>
        new(StatusCodes.Status400BadRequest, "The call is not complete", null, new Dictionary<string, string[]> { [field] = [message] });
}
