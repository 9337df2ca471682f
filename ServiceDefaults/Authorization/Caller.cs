using System.Collections.Frozen;
using System.Security.Claims;
using McpGateway.ServiceDefaults.Authentication;

namespace McpGateway.ServiceDefaults.Authorization;

/// <summary>
/// Who is asking, as the policy sees it: a user (by normalized email) or an OAuth client acting for itself (by client
/// id), and the restrictions of the token they present. Built once per request from the authenticated principal.
/// The `is_admin` claim is deliberately not read: it says what was true when the token was minted (an API token lives
/// up to a year), while the policy decides on what is true now: whoever holds `platform_admin` (see <see cref="PolicyEvaluator"/>).
/// </summary>
public sealed class Caller
{
    /// <summary>No authenticated principal: holds nothing, sees nothing.</summary>
    public static readonly Caller Anonymous = new(null, false, null);

    private Caller(string? principal, bool isUser, TokenScope? scope)
    {
        Principal = principal;
        IsUser = isUser;
        Scope = scope;
    }

    /// <summary>The key grants are recorded under: a user's normalized email, or a client id; null when anonymous.</summary>
    public string? Principal { get; }

    /// <summary>True for a user (an email); false for a client acting for itself or an anonymous caller.</summary>
    public bool IsUser { get; }

    /// <summary>The token's restrictions; null when the credential carries none (a sign-in, Basic, an unrestricted token).</summary>
    public TokenScope? Scope { get; }

    /// <summary>The user's email when the caller is a user, else null.</summary>
    public string? Email => IsUser ? Principal : null;

    public static Caller ForUser(string email, TokenScope? scope = null) => new(NormalizeEmail(email), true, scope);

    public static Caller ForClient(string clientId, TokenScope? scope = null) => new(clientId.Trim(), false, scope);

    /// <summary>
    /// The caller an authenticated principal stands for: `sub` (else `email`) holding an `@` is a user, anything else a
    /// client id; `team_id`, `permissions` and `server_id` claims narrow it. An unauthenticated principal is <see cref="Anonymous"/>.
    /// </summary>
    public static Caller From(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true)
        {
            return Anonymous;
        }
        var subject = NonEmpty(principal.FindFirst(TokenAuthenticationDefaults.Claims.Subject)?.Value)
            ?? NonEmpty(principal.FindFirst(TokenAuthenticationDefaults.Claims.Email)?.Value);
        if (subject is null)
        {
            return Anonymous;
        }
        var scope = ReadScope(principal);
        return subject.Contains('@') ? ForUser(subject, scope) : ForClient(subject, scope);
    }

    /// <summary>One address, one principal: trimmed and lowercased, as the auth service stores accounts.</summary>
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    private static TokenScope? ReadScope(ClaimsPrincipal principal)
    {
        var teamId = NonEmpty(principal.FindFirst(PolicyClaims.TeamId)?.Value);
        var serverId = NonEmpty(principal.FindFirst(PolicyClaims.ServerId)?.Value);
        FrozenSet<string>? permissions = null;
        if (principal.HasClaim(c => c.Type == PolicyClaims.Permissions))
        {
            // Present means restricted, even if every value is blank: such a token may do nothing, never everything.
            permissions = principal.FindAll(PolicyClaims.Permissions).Select(c => c.Value.Trim()).Where(p => p.Length > 0).ToFrozenSet(StringComparer.Ordinal);
        }
        return teamId is null && serverId is null && permissions is null ? null : new TokenScope(teamId, permissions, serverId);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public override string ToString() => Principal ?? "(anonymous)";
}
