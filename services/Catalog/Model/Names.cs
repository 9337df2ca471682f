namespace McpGateway.Catalog.Model;

/// <summary>Enum values as the API, the database and ContextForge spell them: lowercase names.</summary>
public static class Names
{
    public static string Of(Visibility visibility) => visibility switch
    {
        Visibility.Private => "private",
        Visibility.Team => "team",
        Visibility.Public => "public",
        _ => throw new ArgumentOutOfRangeException(nameof(visibility)),
    };

    public static Visibility? ParseVisibility(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "private" => Visibility.Private,
        "team" => Visibility.Team,
        "public" => Visibility.Public,
        _ => null,
    };
}
