namespace McpGateway.ServiceDefaults.Authorization;

/// <summary>
/// The claims an API token narrows its user's rights with, as the auth service issues them (services/Auth/Tokens/ApiTokens.cs).
/// The user claims (`sub`, `email`) are <see cref="McpGateway.ServiceDefaults.Authentication.TokenAuthenticationDefaults.Claims"/>.
/// </summary>
public static class PolicyClaims
{
    /// <summary>The one team the token acts in.</summary>
    public const string TeamId = "team_id";
    /// <summary>The permissions the token may use (one claim per permission); absent: whatever its user holds.</summary>
    public const string Permissions = "permissions";
    /// <summary>The one virtual server the token may reach; the catalog enforces it.</summary>
    public const string ServerId = "server_id";
    /// <summary>The OAuth client a token was issued to; equal to `sub` for a client acting for itself.</summary>
    public const string ClientId = "client_id";
}
