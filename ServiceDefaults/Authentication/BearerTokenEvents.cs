using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.ServiceDefaults.Authentication;

/// <summary>
/// How a refused bearer token is reported: one log line with the reason (never the token), and a 401 with the RFC 6750
/// challenge (`error_description` the same fixed sentence, `resource_metadata` when configured) and an RFC 9457
/// problem; a 403 as a problem too. The library's own messages, which name keys and claims, stay out of responses.
/// </summary>
public sealed class BearerTokenEvents(IOptions<TokenAuthenticationOptions> options, ILogger<BearerTokenEvents> logger) : JwtBearerEvents
{
    private const string Prefix = "Bearer ";

    /// <summary>
    /// Reads the token as JwtBearer would and refuses one that is not a signed JWT with an accepted algorithm before
    /// JwtBearer asks for the keys: such a token makes the service fetch nothing.
    /// </summary>
    public override Task MessageReceived(MessageReceivedContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && authorization[Prefix.Length..].Trim() is { Length: > 0 } token)
        {
            if (!AccessTokenHandler.TryRead(token, out _, out var refusal))
            {
                Refuse(context, refusal);
            }
            else
            {
                context.Token = token;
            }
        }
        return Task.CompletedTask;
    }

    public override Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        if (context.Exception is not OperationCanceledException || !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            Refuse(context, Describe(context.Exception));
        }
        return Task.CompletedTask;
    }

    public override Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var failure = context.AuthenticateFailure?.Message;
        return AuthenticationProblems.WriteUnauthorizedAsync(context.HttpContext, options.Value, failure, failure ?? AuthenticationProblems.NoCredentials);
    }

    public override Task Forbidden(ForbiddenContext context) => AuthenticationProblems.WriteForbiddenAsync(context.HttpContext);

    // Our sentence replaces the library's message, which names keys and claims, for the challenge to show.
    private void Refuse<TOptions>(ResultContext<TOptions> context, string reason) where TOptions : AuthenticationSchemeOptions
    {
        logger.LogInformation("Bearer token rejected: {Reason}", reason);
        context.Fail(reason);
    }

    /// <summary>A fixed sentence for each way a token fails; the most specific exception types first.</summary>
    public static string Describe(Exception? exception) => exception switch
    {
        AggregateException { InnerExceptions: [var single] } => Describe(single),
        AccessTokenRefusedException refused => refused.Message,
        SecurityTokenExpiredException => "The access token has expired.",
        SecurityTokenNotYetValidException => "The access token is not valid yet (nbf is in the future).",
        SecurityTokenNoExpirationException => "The access token has no expiry (exp).",
        SecurityTokenInvalidLifetimeException => "The access token's lifetime (nbf, exp) is invalid.",
        SecurityTokenInvalidIssuerException => "The access token was not issued by this gateway's issuer.",
        SecurityTokenInvalidAudienceException => "The access token is not meant for this API (its audience is not accepted).",
        SecurityTokenInvalidTypeException => "The access token's type (typ) is not accepted.",
        SecurityTokenInvalidAlgorithmException => AccessTokenHandler.AlgorithmNotAccepted,
        SecurityTokenSignatureKeyNotFoundException => "The access token was signed with a key the auth service does not publish.",
        SecurityTokenInvalidSignatureException => "The access token's signature is invalid.",
        SecurityTokenMalformedException => AccessTokenHandler.Malformed,
        _ => "The access token is invalid.",
    };
}
