using McpGateway.Auth.Accounts;
using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using McpGateway.Auth.OAuth;
using McpGateway.Auth.OAuth.Pages;
using McpGateway.Auth.Sso;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.Apis;

/// <summary>
/// Sign-in through upstream identity providers (GitHub, generic OpenID Connect): the public list, the redirect to the
/// provider and its callback, which ends in this provider's own sign-in session (<see cref="LoginSessions"/>), so an
/// authorization request that sent the user here resumes where it stopped.
/// </summary>
public static class SsoApi
{
    public static RouteGroupBuilder MapSsoApi(this IEndpointRouteBuilder app)
    {
        // The login page lists these, and a browser follows them, before anyone is signed in.
        var api = app.MapGroup("/auth/sso").WithTags("SSO");
        api.MapGet("/providers", GetProvidersAsync).AllowAnonymous();
        api.MapGet("/login/{provider}", LoginAsync).AllowAnonymous();
        api.MapGet("/callback/{provider}", CallbackAsync).AllowAnonymous();
        return api;
    }

    /// <summary>The enabled providers, by name: what a login page needs to offer them, never their client ids or secrets.</summary>
    public static async Task<Ok<List<SsoProviderSummary>>> GetProvidersAsync(AuthContext context, SsoSettings settings, CancellationToken cancellationToken) =>
        TypedResults.Ok(await EnabledProvidersAsync(context, settings, cancellationToken));

    public static async Task<List<SsoProviderSummary>> EnabledProvidersAsync(AuthContext context, SsoSettings settings, CancellationToken cancellationToken)
    {
        if (!settings.Enabled)
        {
            return [];
        }
        var providers = await context.SsoProviders
            .AsNoTracking()
            .Where(p => p.IsEnabled)
            .OrderBy(p => p.Name)
            .Select(p => new { p.Id, p.Name, p.DisplayName, p.ProviderType })
            .ToListAsync(cancellationToken);
        return providers
            .Select(p => new SsoProviderSummary(p.Id, p.Name, p.DisplayName, p.ProviderType.ToString().ToLowerInvariant()))
            .ToList();
    }

    /// <summary>Starts a sign-in at <paramref name="provider"/>: 302 to it, with state, PKCE and (OIDC) a nonce; `return_to` resumes an authorization request.</summary>
    public static async Task<Results<RedirectHttpResult, ProblemHttpResult, HtmlPageResult>> LoginAsync(
        string provider, string? return_to, HttpContext context, AuthContext db, SsoSettings settings, SsoFlow flow, CancellationToken cancellationToken)
    {
        if (await EnabledProviderAsync(db, settings, provider, cancellationToken) is not { } row)
        {
            return ApiProblems.NotFound("There is no enabled sign-in provider with this id.");
        }
        SsoStart start;
        try
        {
            start = await flow.StartAsync(row, return_to, cancellationToken);
        }
        catch (SsoRefusedException e)
        {
            return SsoPages.Refused(e.Message, e.StatusCode);
        }
        context.Response.Cookies.Append(SsoFlow.StateCookie, start.State, new CookieOptions
        {
            HttpOnly = true,
            // Lax: the provider's redirect back is a top-level GET, which carries it.
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            Path = SsoFlow.CookiePath,
            MaxAge = settings.FlowLifetime,
            IsEssential = true,
        });
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Redirect(start.AuthorizationUrl);
    }

    /// <summary>The provider's redirect back: every check of <see cref="SsoFlow"/>, then the account rules of <see cref="SsoAccounts"/>.</summary>
    public static async Task<Results<RedirectHttpResult, ProblemHttpResult, HtmlPageResult>> CallbackAsync(
        string provider, string? code, string? state, string? error, HttpContext context, AuthContext db, SsoSettings settings, SsoFlow flow,
        SsoAccounts accounts, LoginSessions sessions, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await EnabledProviderAsync(db, settings, provider, cancellationToken) is not { } row)
        {
            return ApiProblems.NotFound("There is no enabled sign-in provider with this id.");
        }
        var origin = RequestOrigin.Of(context);
        var browserState = context.Request.Cookies[SsoFlow.StateCookie];
        context.Response.Cookies.Delete(SsoFlow.StateCookie, new CookieOptions { Path = SsoFlow.CookiePath });
        SsoSignInOutcome outcome;
        string? returnTo;
        try
        {
            SsoCompletion completion;
            try
            {
                if (!string.IsNullOrEmpty(error))
                {
                    throw new SsoRefusedException($"provider returned error: {InputTextOf(error)}", "The sign-in was cancelled or refused at the provider.");
                }
                completion = await flow.CompleteAsync(row, code, state, browserState, cancellationToken);
            }
            catch (SsoRefusedException e)
            {
                await accounts.RecordRefusalAsync(row, e.Email, e.Reason, origin, cancellationToken);
                throw;
            }
            returnTo = completion.ReturnTo;
            outcome = await accounts.SignInAsync(row, completion.Identity, origin, cancellationToken);
        }
        catch (SsoRefusedException e)
        {
            return SsoPages.Refused(e.Message, e.StatusCode);
        }
        if (outcome.User is not { } user)
        {
            return SsoPages.Pending(outcome.Pending!.Email);
        }
        sessions.Write(context.Response, new LoginSession(user.Email, time.GetUtcNow().UtcDateTime));
        context.Response.Headers.CacheControl = "no-store";
        return returnTo is null ? SsoPages.SignedIn(user) : TypedResults.Redirect(returnTo);
    }

    private static async Task<SsoProvider?> EnabledProviderAsync(AuthContext db, SsoSettings settings, string id, CancellationToken cancellationToken) =>
        settings.Enabled && SsoProviderIds.Valid(id)
            ? await db.SsoProviders.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id && p.IsEnabled, cancellationToken)
            : null;

    private static string InputTextOf(string text) => text.Length <= 64 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? text : "(unreadable)";
}

public sealed record SsoProviderSummary(string Id, string Name, string DisplayName, string ProviderType);
