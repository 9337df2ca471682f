using System.Text.Json;
using McpGateway.Admin.Infrastructure;
using McpGateway.Admin.Model;
using Microsoft.AspNetCore.Mvc;

namespace McpGateway.Admin.Pages;

/// <summary>Counts from the APIs (what this user may see), the gateway's health of every service, recent activity.</summary>
public sealed class IndexModel(GatewayApi api) : AdminPage(api)
{
    public List<(string Name, int? Count, string Link)> Counts { get; } = [];
    public List<(string Name, string Status)> Health { get; } = [];
    public IReadOnlyList<AuditEntry> Activity { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        // Independent calls, made together: the page costs the slowest of them, not their sum.
        var teams = Api.GetAsync<TeamList>("/teams?limit=1", cancellationToken);
        var users = IsPlatformAdmin ? Api.GetAsync<UserList>("/auth/email/admin/users?limit=1", cancellationToken) : null;
        var gateways = Api.GetAsync<JsonElement>("/gateways?include_inactive=true&include_pagination=true&limit=1", cancellationToken);
        var servers = Api.GetAsync<JsonElement>("/servers?include_inactive=true&include_pagination=true&limit=1", cancellationToken);
        var tools = Api.GetAsync<JsonElement>("/tools?include_inactive=true&include_pagination=true&limit=1", cancellationToken);
        var health = Api.GetAsync<JsonElement>("/health", cancellationToken);
        var audit = Api.GetAsync<AuditLog>("/rbac/audit?limit=10", cancellationToken);

        if (users is not null)
        {
            Counts.Add(("Users", ValueOrProblem(await users)?.TotalCount, Url.Content("~/users")));
        }
        Counts.Add(("Teams", ValueOrProblem(await teams)?.Total, Url.Content("~/team-list")));
        Counts.Add(("Gateways", CountOf(await gateways), Url.Content("~/gateways")));
        Counts.Add(("Virtual servers", CountOf(await servers), Url.Content("~/virtual-servers")));
        Counts.Add(("Tools", CountOf(await tools), Url.Content("~/tools")));
        Activity = ValueOrProblem(await audit)?.Entries ?? [];
        // The gateway's /health answers 503 with the same body when a service is down: read the body either way.
        var healthResult = await health;
        if (healthResult.Value.ValueKind == JsonValueKind.Object && healthResult.Value.TryGetProperty("checks", out var checks))
        {
            foreach (var check in checks.EnumerateObject())
            {
                Health.Add((check.Name, check.Value.ValueKind == JsonValueKind.String ? check.Value.GetString()! : check.Value.ToString()));
            }
        }
        return SessionEnded ? SignInAgain() : Page();
    }

    /// <summary>A list's total (`include_pagination=true` gives `{items, total}`), else the length of a bare array.</summary>
    private int? CountOf(ApiResult<JsonElement> result)
    {
        var value = ValueOrProblem(result);
        return value.ValueKind switch
        {
            JsonValueKind.Array => value.GetArrayLength(),
            JsonValueKind.Object when value.TryGetProperty("total", out var total) && total.TryGetInt32(out var count) => count,
            JsonValueKind.Object => value.EnumerateObject().Select(p => p.Value).FirstOrDefault(v => v.ValueKind == JsonValueKind.Array) is { ValueKind: JsonValueKind.Array } items
                ? items.GetArrayLength() : null,
            _ => null,
        };
    }
}
