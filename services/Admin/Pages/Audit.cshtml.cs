using System.Globalization;
using McpGateway.Admin.Extensions;
using McpGateway.Admin.Infrastructure;
using McpGateway.Admin.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace McpGateway.Admin.Pages;

/// <summary>
/// The teams service's audit log (what the caller may see of it), filtered and paged by the API; for the platform admin
/// also the auth service's sign-in events.
/// </summary>
public sealed class AuditModel(GatewayApi api, AdminSettings settings) : AdminPage(api)
{
    [BindProperty(SupportsGet = true)] public string? Log { get; set; }
    [BindProperty(SupportsGet = true)] public string? UserEmail { get; set; }
    [BindProperty(SupportsGet = true)] public string? Permission { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? TeamId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Since { get; set; }
    [BindProperty(SupportsGet = true)] public string? EventType { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public IReadOnlyList<AuthEvent> AuthEvents { get; private set; } = [];
    public Paging Pager { get; private set; } = null!;
    public bool ShowAuthEvents => IsPlatformAdmin;

    public async Task<IActionResult> OnGetAsync(int? skip, int? limit, CancellationToken cancellationToken)
    {
        var (s, l) = Paging.Clamp(skip, limit, settings.PageSize);
        if (Log == "auth" && ShowAuthEvents)
        {
            var query = Query(s, l, ("user_email", UserEmail), ("event_type", EventType));
            AuthEvents = ValueOrProblem(await Api.GetAsync<List<AuthEvent>>("/auth/email/admin/events" + query, cancellationToken)) ?? [];
            Pager = new Paging(s, l, AuthEvents.Count, null, Filters(("log", "auth"), ("userEmail", UserEmail), ("eventType", EventType)));
        }
        else
        {
            Log = null;
            var since = DateTime.TryParse(Since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
                ? parsed.ToString("o", CultureInfo.InvariantCulture) : null;
            var query = Query(s, l, ("user_email", UserEmail), ("permission", Permission), ("action", Action), ("team_id", TeamId), ("since", since));
            var log = ValueOrProblem(await Api.GetAsync<AuditLog>("/rbac/audit" + query, cancellationToken));
            Entries = log?.Entries ?? [];
            Pager = new Paging(s, l, Entries.Count, log?.Total,
                Filters(("userEmail", UserEmail), ("permission", Permission), ("action", Action), ("teamId", TeamId), ("since", Since)));
        }
        return SessionEnded ? SignInAgain() : Page();
    }

    private static string Query(int skip, int limit, params (string Name, string? Value)[] filters) =>
        QueryHelpers.AddQueryString("", filters.Where(f => !string.IsNullOrWhiteSpace(f.Value)).Select(f => KeyValuePair.Create(f.Name, (string?)f.Value!.Trim()))
            .Append(KeyValuePair.Create("skip", (string?)skip.ToString(CultureInfo.InvariantCulture)))
            .Append(KeyValuePair.Create("limit", (string?)limit.ToString(CultureInfo.InvariantCulture))));

    private static Dictionary<string, string?> Filters(params (string Name, string? Value)[] filters) =>
        filters.ToDictionary(f => f.Name, f => f.Value);
}
