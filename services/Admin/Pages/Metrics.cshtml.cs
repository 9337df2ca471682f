using McpGateway.Admin.Extensions;
using McpGateway.Admin.Infrastructure;
using McpGateway.Admin.Model;
using Microsoft.AspNetCore.Mvc;

namespace McpGateway.Admin.Pages;

/// <summary>
/// Call metrics per tool or per virtual server: a page of the list (paged by the API), and each row's metrics from its
/// own endpoint, fetched together. The page is kept small because each row is one request.
/// </summary>
public sealed class MetricsModel(GatewayApi api) : AdminPage(api)
{
    private const int DefaultLimit = 20;

    public sealed record Row(string Id, string Name, CallMetrics? Metrics);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public Paging Pager { get; private set; } = null!;

    /// <summary>`tools` (the default) or `servers`.</summary>
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }

    public bool ForServers => Kind == "servers";

    public async Task<IActionResult> OnGetAsync(int? skip, int? limit, CancellationToken cancellationToken)
    {
        var (s, l) = Paging.Clamp(skip, Math.Min(limit ?? DefaultLimit, 50), DefaultLimit);
        var collection = ForServers ? "servers" : "tools";
        var list = ValueOrProblem(await Api.GetAsync<MemberPage>($"/{collection}?include_pagination=true&skip={s}&limit={l}", cancellationToken));
        var items = list?.Items ?? [];
        var metrics = await Task.WhenAll(items.Select(item =>
            Api.GetAsync<CallMetrics>($"/{collection}/{Uri.EscapeDataString(item.Id)}/metrics", cancellationToken)));
        Rows = items.Select((item, i) => new Row(item.Id, item.Name, metrics[i].Value)).ToList();
        Pager = new Paging(s, l, Rows.Count, list?.Total, new Dictionary<string, string?> { ["kind"] = ForServers ? "servers" : null });
        return SessionEnded ? SignInAgain() : Page();
    }

    /// <summary>Seconds as milliseconds, or a dash when nothing was measured.</summary>
    public static string Milliseconds(double? seconds) =>
        seconds is { } value ? (value * 1000).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " ms" : "–";
}
