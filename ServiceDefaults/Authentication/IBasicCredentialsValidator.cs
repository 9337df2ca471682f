using System.Security.Claims;

namespace McpGateway.ServiceDefaults.Authentication;

/// <summary>
/// Checks an HTTP Basic user name and password. Every registered validator is asked in turn; the first principal wins.
/// The default, <see cref="ConfiguredBasicCredentialsValidator"/>, accepts the configured BASIC_AUTH_USER/PASSWORD pair;
/// the auth service adds one for email + password against its user table
/// (<c>services.AddScoped&lt;IBasicCredentialsValidator, ...&gt;()</c>).
/// </summary>
public interface IBasicCredentialsValidator
{
    /// <summary>The signed-in principal (`sub` and `email` claims at least), or null when these credentials are not this validator's.</summary>
    ValueTask<ClaimsPrincipal?> ValidateAsync(string userName, string password, CancellationToken cancellationToken);
}
