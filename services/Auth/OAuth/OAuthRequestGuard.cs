using McpGateway.Auth.OAuth.Pages;
using McpGateway.Auth.Security;
using Microsoft.AspNetCore.Mvc;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace McpGateway.Auth.OAuth;

/// <summary>
/// What every request to the auth service passes before authentication (where OpenIddict reads it), after the
/// forwarded headers settled the client's address:
/// <list type="bullet">
/// <item>the per-address rate limits of the token, revocation, introspection and registration endpoints (<see cref="OAuthRateLimits"/>);</item>
/// <item>no control character in the path, the query or a form (a NUL reaches PostgreSQL as error 22021), and a form
/// that can be read at all (a key over 2,048 characters or a value over 4 MiB): refused with a 400 in the endpoint's own
/// language (an OAuth error, an HTML page, or a problem), never a 500.</item>
/// </list>
/// </summary>
public sealed class OAuthRequestGuard(RequestDelegate next, OAuthRateLimits rateLimits, ILogger<OAuthRequestGuard> logger)
{
    private static readonly string[] MachineEndpoints = [OAuthPaths.Token, OAuthPaths.Revoke, OAuthPaths.Introspect];
    private static readonly string[] BrowserEndpoints = [OAuthPaths.Authorize, OAuthPaths.Login, OAuthPaths.Consent, OAuthPaths.Logout];

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        var policy = MachineEndpoints.Contains(path) ? OAuthRateLimits.Policy.Token
            : path == OAuthPaths.Register ? OAuthRateLimits.Policy.Registration
            : (OAuthRateLimits.Policy?)null;
        if (policy is { } limited && !rateLimits.TryAcquire(limited, context, out var retryAfter))
        {
            await OAuthJsonResult.RateLimited(retryAfter).ExecuteAsync(context);
            return;
        }
        if (InputText.HasControlCharacters(path) || request.Query.Any(p => InputText.HasControlCharacters(p.Key) || p.Value.Any(v => InputText.HasControlCharacters(v))))
        {
            await RefuseAsync(context, "The address holds a control character, which no parameter may contain.");
            return;
        }
        if (request.HasFormContentType && await ReadFormProblemAsync(context) is { } problem)
        {
            await RefuseAsync(context, problem);
            return;
        }
        await next(context);
    }

    /// <summary>Reads the form once (OpenIddict and the endpoints reuse it) and says what is wrong with it, if anything.</summary>
    private async Task<string?> ReadFormProblemAsync(HttpContext context)
    {
        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            logger.LogDebug("Unreadable form to {Path}: {Reason}", context.Request.Path, e.Message);
            return "The form could not be read: a field name is longer than 2,048 characters, a value larger than 4 MiB, or there are too many fields.";
        }
        return form.Any(p => InputText.HasControlCharacters(p.Key) || p.Value.Any(v => InputText.HasControlCharacters(v)))
            ? "The form holds a control character, which no field may contain."
            : null;
    }

    private static Task RefuseAsync(HttpContext context, string detail)
    {
        var path = context.Request.Path.Value ?? "";
        if (BrowserEndpoints.Contains(path))
        {
            return OAuthPages.Error(detail).ExecuteAsync(context);
        }
        if (path.StartsWith(OAuthPaths.CookiePath + "/", StringComparison.Ordinal) || path.StartsWith("/.well-known/", StringComparison.Ordinal))
        {
            return OAuthJsonResult.Error(Errors.InvalidRequest, detail).ExecuteAsync(context);
        }
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = "Bad Request", Detail = detail },
        }).AsTask();
    }
}
