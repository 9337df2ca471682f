using Microsoft.AspNetCore.WebUtilities;

namespace McpGateway.Admin.Infrastructure;

/// <summary>
/// One page of a list the API pages (skip/limit), and the links to its neighbours, keeping the page's other query
/// parameters (its filters). When the API gives no total, a full page is taken to mean there may be more.
/// </summary>
public sealed record Paging(int Skip, int Limit, int CountOnPage, int? Total, IReadOnlyDictionary<string, string?> Filters)
{
    public const int MaxLimit = 200;

    public bool HasPrevious => Skip > 0;
    public bool HasNext => Total is { } total ? Skip + CountOnPage < total : CountOnPage >= Limit;
    public int Previous => Math.Max(0, Skip - Limit);
    public int Next => Skip + Limit;

    public string Description => CountOnPage == 0
        ? Total is > 0 ? $"Nothing here (of {Total})" : "Nothing to show"
        : $"{Skip + 1}–{Skip + CountOnPage}" + (Total is { } total ? $" of {total}" : "");

    /// <summary>`?skip=…&amp;limit=…` plus the filters that have a value, relative to the current page.</summary>
    public string LinkTo(int skip)
    {
        var query = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in Filters.Where(f => !string.IsNullOrEmpty(f.Value)).OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            query[name] = value;
        }
        query["skip"] = skip.ToString(System.Globalization.CultureInfo.InvariantCulture);
        query["limit"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return QueryHelpers.AddQueryString("", query);
    }

    /// <summary>Skip and limit as a visitor typed them, made sane: never negative, never above <see cref="MaxLimit"/>.</summary>
    public static (int Skip, int Limit) Clamp(int? skip, int? limit, int defaultLimit) =>
        (Math.Max(0, skip ?? 0), Math.Clamp(limit ?? defaultLimit, 1, MaxLimit));
}
