using Microsoft.AspNetCore.Mvc;

namespace McpGateway.Catalog.Apis;

/// <summary>
/// A list's query string, with ContextForge's names: `skip`/`limit` (default 50, at most 100), `include_inactive`,
/// `tags` (comma-separated: any of them), `team_id`, `visibility`, `search` (in the name, case-insensitive: what an
/// admin's picker types); `include_pagination=true` answers
/// <see cref="ListPage{T}"/> (with the total the caller may see) instead of a bare array.
/// </summary>
public sealed record ListQuery(
    [FromQuery(Name = "skip")] int? Skip,
    [FromQuery(Name = "limit")] int? Limit,
    [FromQuery(Name = "include_inactive")] bool? IncludeInactive,
    [FromQuery(Name = "tags")] string? Tags,
    [FromQuery(Name = "team_id")] string? TeamId,
    [FromQuery(Name = "visibility")] string? Visibility,
    [FromQuery(Name = "include_pagination")] bool? IncludePagination,
    [FromQuery(Name = "search")] string? Search = null);

/// <summary>One page of a list and how many items the caller may see in all.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, int Total, int Skip, int Limit);

/// <summary>ContextForge's answer to `POST /{kind}/{id}/toggle`: a sentence and the entity as it is now.</summary>
public sealed record ToggleResponse<T>(string Status, string Message, T Entity);
