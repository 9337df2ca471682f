using System.Security.Claims;
using McpGateway.Auth.Model;

namespace McpGateway.Auth.Accounts;

/// <summary>
/// Who is calling, read from the authenticated principal's claims (the contract of ServiceDefaults' authentication:
/// `sub` is the user's email, `is_admin` is "true" for a platform admin, `token_use` is "api" for an API token).
/// </summary>
public static class Caller
{
    public const string ApiTokenUse = "api";

    /// <summary>The caller's account key (normalized email), or null for a principal that is not a user (a client).</summary>
    public static string? Email(this ClaimsPrincipal principal) =>
        (principal.FindFirstValue("sub") ?? principal.FindFirstValue("email")) is { Length: > 0 } subject && subject.Contains('@')
            ? EmailUser.NormalizeEmail(subject)
            : null;

    public static bool IsPlatformAdmin(this ClaimsPrincipal principal) =>
        string.Equals(principal.FindFirstValue("is_admin"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the request carries an API token rather than a sign-in (access token or Basic).</summary>
    public static bool IsApiToken(this ClaimsPrincipal principal) =>
        principal.FindFirstValue("token_use") == ApiTokenUse;

    public static string? JwtId(this ClaimsPrincipal principal) => principal.FindFirstValue("jti");
}
