using System.Security.Cryptography;
using System.Text;
using McpGateway.Auth.Security;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Auth.OAuth;

/// <summary>
/// CSRF protection of the login and consent forms (double-submit, signed): a random value in an HttpOnly cookie, and in
/// the form a token that binds that value to an expiry, encrypted and authenticated with <see cref="SecretProtector"/>.
/// A forged cross-site post has neither the cookie's value nor a way to mint a token for it. Stateless, so any replica
/// checks what another issued; ASP.NET Core's antiforgery would need a shared data-protection key ring for that.
/// </summary>
public sealed class LoginFormProtection(SecretProtector protector, AuthSettings settings, TimeProvider time)
{
    public const string CookieName = "mcpgw_csrf";
    public const string FieldName = "csrf_token";
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

    /// <summary>The token for a form; sets the cookie unless the browser already holds one.</summary>
    public string IssueToken(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName, out var value) || value is not { Length: 43 })
        {
            value = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
            context.Response.Cookies.Append(CookieName, value, LoginSessions.Options(settings, expires: null));
        }
        var expires = (time.GetUtcNow() + TokenLifetime).ToUnixTimeSeconds();
        return Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(protector.Protect(Encoding.UTF8.GetBytes($"csrf|{value}|{expires}"))));
    }

    public bool IsValid(HttpContext context, string? token)
    {
        if (string.IsNullOrEmpty(token) || !context.Request.Cookies.TryGetValue(CookieName, out var cookie) || string.IsNullOrEmpty(cookie))
        {
            return false;
        }
        try
        {
            var parts = Encoding.UTF8.GetString(protector.Unprotect(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token)))).Split('|');
            return parts is ["csrf", var value, var expires]
                && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(value), Encoding.ASCII.GetBytes(cookie))
                && long.TryParse(expires, out var unix) && DateTimeOffset.FromUnixTimeSeconds(unix) > time.GetUtcNow();
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            return false;
        }
    }
}
