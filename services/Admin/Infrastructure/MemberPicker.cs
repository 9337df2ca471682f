using McpGateway.Admin.Model;

namespace McpGateway.Admin.Infrastructure;

/// <summary>
/// One choice list of the virtual-server compose form (tools, resources or prompts): a page of what the API found for
/// the typed name, and the ids already chosen, on this page or others (the form carries those along as it pages).
/// </summary>
/// <param name="Kind">The API's path and the buttons' word: `tools`, `resources`, `prompts`.</param>
/// <param name="FieldPrefix">The form's fields: `{prefix}Ids`, `{prefix}Search`, `{prefix}Skip` (e.g. ToolIds).</param>
public sealed record MemberPicker(
    string Kind, string Legend, string FieldPrefix, string? Search, int Skip, int Limit, IReadOnlyList<MemberSummary> Choices, int? Total,
    IReadOnlyList<string> Chosen)
{
    public string IdsField => FieldPrefix + "Ids";
    public string SearchField => FieldPrefix + "Search";
    public string SkipField => FieldPrefix + "Skip";

    public bool HasPrevious => Skip > 0;
    public bool HasNext => Total is { } total ? Skip + Choices.Count < total : Choices.Count >= Limit;

    public string Description => Choices.Count == 0
        ? "None found"
        : $"{Skip + 1}–{Skip + Choices.Count}" + (Total is { } total ? $" of {total}" : "");

    public bool IsChosen(string id) => Chosen.Contains(id, StringComparer.Ordinal);

    /// <summary>Chosen on another page: kept as hidden fields, so paging never drops a choice.</summary>
    public IEnumerable<string> ChosenElsewhere => Chosen.Except(Choices.Select(c => c.Id), StringComparer.Ordinal);

    /// <summary>The skip a picker button asks for: "search" starts again at the top, "previous"/"next" turn a page.</summary>
    public static int SkipAfter(string? move, int skip, int limit) => move switch
    {
        "next" => skip + limit,
        "previous" => Math.Max(0, skip - limit),
        _ => 0,
    };
}
