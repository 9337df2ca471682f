using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using McpGateway.Auth.Security;

namespace McpGateway.Auth.OAuth;

/// <summary>A user signed in at the provider's login page.</summary>
public sealed record LoginSession(string Email, DateTime AuthTime);

/// <summary>
/// The provider's sign-in session: a cookie holding the user's email and sign-in time, encrypted and authenticated
/// with <see cref="SecretProtector"/> (AES-GCM), so any replica can read it and nobody can forge or read it.
/// HttpOnly, SameSite=Lax (it must ride the top-level redirect from a client back to /oauth/authorize), scoped to
/// /oauth, Secure when the issuer is https.
/// </summary>
public sealed class LoginSessions(SecretProtector protector, AuthSettings settings, TimeProvider time)
{
    public const string CookieName = "mcpgw_session";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public LoginSession? Read(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }
        try
        {
            var payload = JsonSerializer.Deserialize<Payload>(protector.Unprotect(value));
            if (payload is null || payload.Purpose != nameof(LoginSession) || DateTimeOffset.FromUnixTimeSeconds(payload.ExpiresAt) <= time.GetUtcNow())
            {
                return null;
            }
            return new LoginSession(payload.Email, DateTimeOffset.FromUnixTimeSeconds(payload.AuthTime).UtcDateTime);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    public void Write(HttpResponse response, LoginSession session)
    {
        var expires = time.GetUtcNow() + Lifetime;
        var payload = new Payload(nameof(LoginSession), session.Email, new DateTimeOffset(session.AuthTime).ToUnixTimeSeconds(), expires.ToUnixTimeSeconds());
        response.Cookies.Append(CookieName, protector.Protect(JsonSerializer.SerializeToUtf8Bytes(payload)), Options(settings, expires));
    }

    public void Clear(HttpResponse response) => response.Cookies.Delete(CookieName, Options(settings, expires: null));

    internal static CookieOptions Options(AuthSettings settings, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = settings.Issuer.StartsWith("https://", StringComparison.OrdinalIgnoreCase),
        Path = OAuthPaths.CookiePath,
        Expires = expires,
        IsEssential = true,
    };

    private sealed record Payload(string Purpose, string Email, long AuthTime, long ExpiresAt);
}
