using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace McpGateway.ServiceDefaults.Authentication;

/// <summary>`Authorization: Bearer &lt;JWT&gt;`, checked by <see cref="AccessTokenValidator"/>; no header means no result (anonymous).</summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    AccessTokenValidator validator,
    IOptions<TokenAuthenticationOptions> options)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (ReadToken(Request.Headers[HeaderNames.Authorization].ToString()) is not { } token)
        {
            return AuthenticateResult.NoResult();
        }
        if (token.Length == 0)
        {
            return AuthenticateResult.Fail("The bearer token is empty.");
        }
        var result = await validator.ValidateAsync(token, Context.RequestAborted);
        return result.IsValid
            ? AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(result.Identity!), Scheme.Name))
            : AuthenticateResult.Fail(result.Error!);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        await AuthenticationProblems.WriteUnauthorizedAsync(Context, options.Value, failure, failure ?? AuthenticationProblems.NoCredentials);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => AuthenticationProblems.WriteForbiddenAsync(Context);

    /// <summary>The token of a `Bearer` Authorization header (scheme name case-insensitive, RFC 9110), else null.</summary>
    internal static string? ReadToken(string authorization) =>
        authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim()
        : string.Equals(authorization.Trim(), "Bearer", StringComparison.OrdinalIgnoreCase) ? ""
        : null;
}
