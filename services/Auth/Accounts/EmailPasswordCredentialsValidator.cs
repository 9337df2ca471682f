using System.Security.Claims;
using McpGateway.ServiceDefaults.Authentication;

namespace McpGateway.Auth.Accounts;

/// <summary>
/// HTTP Basic with an account's email and password (`curl -u user@example.com:password`), checked by
/// <see cref="PasswordSignIn"/> like every other sign-in: failures count towards the lockout and land in the event log.
/// Asked after the configured BASIC_AUTH_USER pair; user names that are not email addresses are left to that one.
/// A sign-in refused because too many passwords are being checked at once is a plain failure here (401).
/// </summary>
public sealed class EmailPasswordCredentialsValidator(PasswordSignIn signIn, AccountSettings settings, IHttpContextAccessor http) : IBasicCredentialsValidator
{
    public async ValueTask<ClaimsPrincipal?> ValidateAsync(string userName, string password, CancellationToken cancellationToken)
    {
        if (!settings.EmailAuthEnabled || !userName.Contains('@') || password.Length == 0)
        {
            return null;
        }
        var origin = http.HttpContext is { } context ? RequestOrigin.Of(context) : new RequestOrigin(null, null);
        var result = await signIn.SignInAsync(userName, password, origin, cancellationToken);
        if (result is not { Status: SignInStatus.Succeeded, User: { } user })
        {
            return null;
        }
        var claims = new List<Claim>
        {
            new(TokenAuthenticationDefaults.Claims.Subject, user.Email),
            new(TokenAuthenticationDefaults.Claims.Email, user.Email),
            new(TokenAuthenticationDefaults.Claims.AuthenticationMethod, "pwd"),
        };
        if (user.IsAdmin)
        {
            claims.Add(new Claim(TokenAuthenticationDefaults.Claims.IsAdmin, "true", ClaimValueTypes.Boolean));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, TokenAuthenticationDefaults.BasicScheme,
            TokenAuthenticationDefaults.Claims.Subject, TokenAuthenticationDefaults.Claims.Role));
    }
}
