namespace McpGateway.Teams.Extensions;

/// <summary>The teams service's settings, from environment variables with ContextForge's names (README.md lists them).</summary>
public sealed class TeamsSettings
{
    /// <summary>`AUTO_CREATE_PERSONAL_TEAMS` (default true): every user gets a personal team.</summary>
    public bool AutoCreatePersonalTeams { get; set; } = true;

    /// <summary>`PERSONAL_TEAM_PREFIX` (default `personal`): personal team slugs are `{prefix}-{email as a slug}`.</summary>
    public string PersonalTeamPrefix { get; set; } = "personal";

    /// <summary>`MAX_TEAMS_PER_USER` (default 50): how many teams one user may belong to, their personal team included.</summary>
    public int MaxTeamsPerUser { get; set; } = 50;

    /// <summary>`MAX_MEMBERS_PER_TEAM` (default 100): the member limit of a team whose `max_members` is not set, and the highest it may be set to.</summary>
    public int MaxMembersPerTeam { get; set; } = 100;

    /// <summary>`INVITATION_EXPIRY_DAYS` (default 7): how long an invitation token can be accepted.</summary>
    public int InvitationExpiryDays { get; set; } = 7;

    /// <summary>`JOIN_REQUEST_EXPIRY_DAYS` (default 7): how long a join request waits for an owner before it lapses.</summary>
    public int JoinRequestExpiryDays { get; set; } = 7;

    /// <summary>`PLATFORM_ADMIN_EMAIL` (default admin@example.com): holds `platform_admin` from the first start.</summary>
    public string PlatformAdminEmail { get; set; } = "admin@example.com";

    public static TeamsSettings Load(IConfiguration configuration) => new()
    {
        AutoCreatePersonalTeams = Boolean(configuration, "AUTO_CREATE_PERSONAL_TEAMS", true),
        PersonalTeamPrefix = Text(configuration, "PERSONAL_TEAM_PREFIX") ?? "personal",
        MaxTeamsPerUser = WholeNumber(configuration, "MAX_TEAMS_PER_USER", 50),
        MaxMembersPerTeam = WholeNumber(configuration, "MAX_MEMBERS_PER_TEAM", 100),
        InvitationExpiryDays = WholeNumber(configuration, "INVITATION_EXPIRY_DAYS", 7),
        JoinRequestExpiryDays = WholeNumber(configuration, "JOIN_REQUEST_EXPIRY_DAYS", 7),
        PlatformAdminEmail = (Text(configuration, "PLATFORM_ADMIN_EMAIL") ?? "admin@example.com").ToLowerInvariant(),
    };

    private static string? Text(IConfiguration configuration, string key) =>
        string.IsNullOrWhiteSpace(configuration[key]) ? null : configuration[key]!.Trim();

    private static bool Boolean(IConfiguration configuration, string key, bool fallback) =>
        Text(configuration, key)?.ToLowerInvariant() switch
        {
            null => fallback,
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            var text => throw new InvalidOperationException($"{key} must be true or false, not '{text}'."),
        };

    private static int WholeNumber(IConfiguration configuration, string key, int fallback) =>
        Text(configuration, key) is not { } text ? fallback
        : int.TryParse(text, out var value) && value >= 1 ? value
        : throw new InvalidOperationException($"{key} must be a whole number of at least 1, not '{text}'.");
}
