using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace McpGateway.ServiceDefaults.Authentication;

/// <summary>
/// `Authorization: Basic base64(user:password)` (RFC 7617), checked by every registered
/// <see cref="IBasicCredentialsValidator"/>. Refused outright when API_ALLOW_BASIC_AUTH=false. Failures are rate-limited
/// and lock the configured pair out like the sign-in API does (<see cref="BasicAuthenticationThrottle"/>): past the limit,
/// 429 with Retry-After.
/// </summary>
public sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IEnumerable<IBasicCredentialsValidator> validators,
    BasicAuthenticationThrottle throttle,
    IOptions<TokenAuthenticationOptions> options)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    private const string Prefix = "Basic ";
    private const string ThrottledKey = "basic-auth-retry-after";

    // Not the base class's Logger, whose category is quietened with the framework's chatter.
    private readonly ILogger _log = loggerFactory.CreateLogger("McpGateway.ServiceDefaults.Authentication.Basic");

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var authorization = Request.Headers[HeaderNames.Authorization].ToString();
        if (!authorization.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        if (!options.Value.AllowBasicAuth)
        {
            return Rejected("HTTP Basic authentication is disabled on this server; use a bearer token.");
        }
        var address = Context.Connection.RemoteIpAddress;
        if (throttle.RetryAfterSeconds(address) is { } retryAfter)
        {
            Context.Items[ThrottledKey] = retryAfter;
            return Rejected("Too many failed sign-ins from this address; try again later.");
        }
        if (Decode(authorization[Prefix.Length..]) is not var (userName, password))
        {
            throttle.RecordFailure(address, "");
            return Rejected("The Basic credentials are malformed: expected base64 of user:password.");
        }
        if (!throttle.IsLocked(userName))
        {
            foreach (var validator in validators)
            {
                if (await validator.ValidateAsync(userName, password, Context.RequestAborted) is { } principal)
                {
                    throttle.RecordSuccess(userName);
                    return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
                }
            }
        }
        // A locked user name gets the same answer as a wrong password: the lockout tells an attacker nothing.
        throttle.RecordFailure(address, userName);
        return Rejected("The user name or password is incorrect.");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        if (Context.Items[ThrottledKey] is int retryAfter)
        {
            await AuthenticationProblems.WriteTooManyRequestsAsync(Context, retryAfter, failure!);
            return;
        }
        await AuthenticationProblems.WriteUnauthorizedAsync(Context, options.Value, bearerError: null, failure ?? AuthenticationProblems.NoCredentials);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => AuthenticationProblems.WriteForbiddenAsync(Context);

    /// <summary>The user name and password of a Basic credential, or null when it is not base64 of UTF-8 `user:password`.</summary>
    internal static (string UserName, string Password)? Decode(string credentials)
    {
        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(credentials.Trim());
        }
        catch (FormatException)
        {
            return null;
        }
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(decoded);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        // A control character is in no user name or password (and a NUL would reach a database as an error).
        return colon < 0 || text.Any(char.IsControl) ? null : (text[..colon], text[(colon + 1)..]);
    }

    // Never logs what was sent: a password typed into the user name field would end up in the logs.
    private AuthenticateResult Rejected(string reason)
    {
        _log.LogInformation("Basic credentials rejected: {Reason}", reason);
        return AuthenticateResult.Fail(reason);
    }
}
