using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpGateway.Auth.Sso;

/// <summary>One rule: members of <see cref="Group"/> at the provider are members of <see cref="Team"/> (slug or id) with <see cref="Role"/>.</summary>
public sealed record SsoTeamRule(string Group, string Team, string Role = "member");

/// <summary>
/// A provider's `team_mapping` (the `sso_providers.team_mapping` JSON object): which claim holds the groups (`groups_claim`,
/// default `groups`; GitHub: its organisations and `org/team`) and the rules (`rules`). Unreadable JSON is no mapping.
/// </summary>
public sealed record SsoTeamMapping(string? GroupsClaim, IReadOnlyList<SsoTeamRule> Rules)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static SsoTeamMapping Parse(string? json)
    {
        try
        {
            var document = string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize<Document>(json, Json);
            return new SsoTeamMapping(document?.GroupsClaim, document?.Rules?.Where(r => r.Group is { Length: > 0 } && r.Team is { Length: > 0 }).ToList() ?? []);
        }
        catch (JsonException)
        {
            return new SsoTeamMapping(null, []);
        }
    }

    public static readonly IReadOnlyList<string> Roles = ["owner", "member"];

    public string ToJson() => JsonSerializer.Serialize(new Document(GroupsClaim, Rules.ToList()), Json);

    private sealed record Document([property: JsonPropertyName("groups_claim")] string? GroupsClaim, List<SsoTeamRule>? Rules);
}
