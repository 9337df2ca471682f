using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace McpGateway.ServiceDefaults.Authentication;

/// <summary>
/// The configured BASIC_AUTH_USER/BASIC_AUTH_PASSWORD pair signs in as the platform admin (PLATFORM_ADMIN_EMAIL,
/// is_admin). There is no default pair: with either unset, it accepts nothing. Compares SHA-256 digests in constant
/// time, so neither the length nor any prefix of the secret leaks through timing.
/// </summary>
public sealed class ConfiguredBasicCredentialsValidator : IBasicCredentialsValidator
{
    private readonly byte[]? _userDigest;
    private readonly byte[]? _passwordDigest;
    private readonly string _adminEmail;

    public ConfiguredBasicCredentialsValidator(IOptions<TokenAuthenticationOptions> options)
    {
        var settings = options.Value;
        _adminEmail = settings.PlatformAdminEmail;
        if (settings.BasicAuthUser is { } user && settings.BasicAuthPassword is { } password)
        {
            _userDigest = Digest(user);
            _passwordDigest = Digest(password);
        }
    }

    public ValueTask<ClaimsPrincipal?> ValidateAsync(string userName, string password, CancellationToken cancellationToken)
    {
        if (_userDigest is null || _passwordDigest is null)
        {
            return ValueTask.FromResult<ClaimsPrincipal?>(null);
        }
        // `&`, not `&&`: both comparisons always run.
        var matches = CryptographicOperations.FixedTimeEquals(Digest(userName), _userDigest)
            & CryptographicOperations.FixedTimeEquals(Digest(password), _passwordDigest);
        return ValueTask.FromResult(matches ? PlatformAdmin(_adminEmail) : null);
    }

    private static ClaimsPrincipal PlatformAdmin(string email)
    {
        return new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(TokenAuthenticationDefaults.Claims.Subject, email),
            new Claim(TokenAuthenticationDefaults.Claims.Email, email),
            new Claim(TokenAuthenticationDefaults.Claims.IsAdmin, "true", ClaimValueTypes.Boolean),
            new Claim(TokenAuthenticationDefaults.Claims.AuthenticationMethod, "pwd"),
        ], TokenAuthenticationDefaults.BasicScheme, TokenAuthenticationDefaults.Claims.Subject, TokenAuthenticationDefaults.Claims.Role));
    }

    private static byte[] Digest(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
