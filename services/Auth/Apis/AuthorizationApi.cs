using Microsoft.AspNetCore;
using McpGateway.Auth.Accounts;
using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using McpGateway.Auth.OAuth;
using McpGateway.Auth.OAuth.Clients;
using McpGateway.Auth.OAuth.Pages;
using McpGateway.Auth.Security;
using McpGateway.Auth.Sso;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace McpGateway.Auth.Apis;

/// <summary>What the authorization endpoint and its forms need.</summary>
public sealed record AuthorizationServices(
    AuthContext Db,
    AccountSettings Accounts,
    IOpenIddictApplicationManager Applications,
    LoginSessions Sessions,
    LoginFormProtection Csrf,
    AuthSettings Settings,
    SsoSettings Sso,
    TimeProvider Time);

/// <summary>
/// The authorization endpoint (RFC 6749 §4.1.1, OIDC Core §3.1.2) and its forms, behind OpenIddict, which has checked the
/// request (client, redirect_uri, PKCE, response type) before any of this runs; the login and consent forms post the
/// request back to OpenIddict, which checks it again. A user without a session signs in on the login page; the sign-in is
/// the consent. A user with a session is asked to allow a client anyone could have registered (consent type `systematic`),
/// and not asked for one an administrator registered.
/// </summary>
public static class AuthorizationApi
{
    public static async Task<Results<HtmlPageResult, SignInHttpResult, ForbidHttpResult, RedirectHttpResult>> AuthorizeAsync(
        HttpContext context, [AsParameters] AuthorizationServices services)
    {
        if (await AuthorizationErrors.RefusalAsync(context, services) is { } refused)
        {
            return refused;
        }
        var request = context.GetOpenIddictServerRequest()!;
        var prompt = await PromptAsync(request, services, context.RequestAborted);
        var session = services.Sessions.Read(context.Request);
        var user = session is null ? null : await ActiveUserAsync(services.Db, session.Email, context.RequestAborted);
        var now = services.Time.GetUtcNow();
        var signedIn = user is not null && !request.HasPromptValue(PromptValues.Login)
            && (request.MaxAge is not { } maxAge || session!.AuthTime.AddSeconds(maxAge) >= now.UtcDateTime);
        if (!signedIn)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Forbid(Errors.LoginRequired, "The user is not signed in.");
            }
            // EMAIL_AUTH_ENABLED=false: the page offers the SSO providers alone, or says there is no way to sign in here.
            var ssoButtons = await SsoButtonsAsync(services, prompt, context.RequestAborted);
            return !services.Accounts.EmailAuthEnabled && ssoButtons.Length == 0 ? PasswordSignInOff()
                : OAuthPages.Login(services.Settings, prompt, services.Csrf.IssueToken(context), session?.Email,
                    ssoButtons: ssoButtons, passwordForm: services.Accounts.EmailAuthEnabled);
        }
        if (await MustAskAsync(request, services, context.RequestAborted))
        {
            return request.HasPromptValue(PromptValues.None)
                ? Forbid(Errors.ConsentRequired, "The user must allow this client first.")
                : OAuthPages.Consent(services.Settings, prompt, services.Csrf.IssueToken(context), user!.Email);
        }
        return SignIn(user!, session!.AuthTime, prompt, services.Settings);
    }

    /// <summary>The login form: checks the password (<see cref="PasswordSignIn"/>), starts the session, answers the client.</summary>
    public static async Task<Results<HtmlPageResult, SignInHttpResult, ForbidHttpResult, RedirectHttpResult>> LoginAsync(
        HttpContext context, [AsParameters] AuthorizationServices services, PasswordSignIn signIn, OAuthRateLimits rateLimits)
    {
        if (await AuthorizationErrors.RefusalAsync(context, services) is { } refused)
        {
            return refused;
        }
        if (!services.Accounts.EmailAuthEnabled)
        {
            return PasswordSignInOff();
        }
        var request = context.GetOpenIddictServerRequest()!;
        var prompt = await PromptAsync(request, services, context.RequestAborted);
        var form = context.Request.Form;
        var email = form["email"].ToString().Trim();
        var ssoButtons = await SsoButtonsAsync(services, prompt, context.RequestAborted);
        HtmlPageResult Again(string error, int status) =>
            OAuthPages.Login(services.Settings, prompt, services.Csrf.IssueToken(context), email, error, status, ssoButtons);

        if (!services.Csrf.IsValid(context, form[LoginFormProtection.FieldName]))
        {
            return Again("This sign-in form has expired or did not come from this site. Please sign in again.", StatusCodes.Status400BadRequest);
        }
        if (email.Length == 0 || form["password"].ToString() is not { Length: > 0 } password)
        {
            return Again("Enter your email address and your password.", StatusCodes.Status400BadRequest);
        }
        if (!rateLimits.TryAcquire(OAuthRateLimits.Policy.Login, context, out var wait))
        {
            return Again($"Too many sign-in attempts from your network. Please wait {wait} seconds and try again.", StatusCodes.Status429TooManyRequests)
                with { RetryAfterSeconds = wait };
        }
        var result = await signIn.SignInAsync(email, password, RequestOrigin.Of(context), context.RequestAborted);
        switch (result.Status)
        {
            case SignInStatus.Busy:
                return Again("Many sign-ins are being checked right now. Please wait a few seconds and try again.", StatusCodes.Status503ServiceUnavailable)
                    with { RetryAfterSeconds = 5 };
            case SignInStatus.Failed:
                return Again("The email address or password is not right, or the account is locked or disabled.", StatusCodes.Status400BadRequest);
        }
        var authTime = services.Time.GetUtcNow().UtcDateTime;
        services.Sessions.Write(context.Response, new LoginSession(result.User!.Email, authTime));
        return SignIn(result.User, authTime, prompt, services.Settings);
    }

    /// <summary>The consent form of a signed-in user: allow (a code), deny (`access_denied`), or sign in as someone else.</summary>
    public static async Task<Results<HtmlPageResult, SignInHttpResult, ForbidHttpResult, RedirectHttpResult>> ConsentAsync(
        HttpContext context, [AsParameters] AuthorizationServices services)
    {
        if (await AuthorizationErrors.RefusalAsync(context, services) is { } refused)
        {
            return refused;
        }
        var request = context.GetOpenIddictServerRequest()!;
        var prompt = await PromptAsync(request, services, context.RequestAborted);
        var session = services.Sessions.Read(context.Request);
        var user = session is null ? null : await ActiveUserAsync(services.Db, session.Email, context.RequestAborted);
        var decision = context.Request.Form["decision"].ToString();
        if (user is null || decision == "switch")
        {
            services.Sessions.Clear(context.Response);
            // The same login page as at the start, SSO buttons included: the other account may be an SSO one.
            return OAuthPages.Login(services.Settings, prompt, services.Csrf.IssueToken(context),
                error: user is null ? "Your session has ended. Please sign in again." : null,
                ssoButtons: await SsoButtonsAsync(services, prompt, context.RequestAborted), passwordForm: services.Accounts.EmailAuthEnabled);
        }
        if (!services.Csrf.IsValid(context, context.Request.Form[LoginFormProtection.FieldName]))
        {
            return OAuthPages.Consent(services.Settings, prompt, services.Csrf.IssueToken(context), user.Email);
        }
        return decision == "allow"
            ? SignIn(user, session!.AuthTime, prompt, services.Settings)
            : Forbid(Errors.AccessDenied, "The user did not allow access.");
    }

    /// <summary>Hands the user to OpenIddict, which issues the code and redirects to the client with `code`, `state` and `iss`.</summary>
    private static SignInHttpResult SignIn(EmailUser user, DateTime authTime, AuthorizationPrompt prompt, AuthSettings settings)
    {
        var principal = OAuthPrincipals.ForUser(user, new DateTimeOffset(authTime, TimeSpan.Zero));
        principal.SetScopes(prompt.Scopes);
        principal.SetResources(OAuthPrincipals.Audience(prompt.Resource, settings.Audience));
        return TypedResults.SignIn(principal, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>An error OpenIddict sends back to the client's (verified) redirect_uri with `error`, `state` and `iss`.</summary>
    private static ForbidHttpResult Forbid(string error, string description) =>
        TypedResults.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    /// <summary>`EMAIL_AUTH_ENABLED=false`: no password is checked here either.</summary>
    private static HtmlPageResult PasswordSignInOff() =>
        OAuthPages.Error("Signing in with an email and password is turned off on this gateway, and this page offers no other way to sign in.",
            StatusCodes.Status403Forbidden);

    /// <summary>Whether a signed-in user must allow the client first: always for registered clients, on `prompt=consent` for all.</summary>
    private static async Task<bool> MustAskAsync(OpenIddictRequest request, AuthorizationServices services, CancellationToken cancellationToken)
    {
        if (request.HasPromptValue(PromptValues.Consent))
        {
            return true;
        }
        var client = await services.Applications.FindByClientIdAsync(request.ClientId!, cancellationToken);
        return client is null || !await services.Applications.HasConsentTypeAsync(client, ConsentTypes.Implicit, cancellationToken);
    }

    /// <summary>What the pages show and post back: the client's name, the scopes it will get, the request's parameters.</summary>
    private static async Task<AuthorizationPrompt> PromptAsync(OpenIddictRequest request, AuthorizationServices services, CancellationToken cancellationToken)
    {
        var client = await services.Applications.FindByClientIdAsync(request.ClientId!, cancellationToken)
            ?? throw new InvalidOperationException("OpenIddict passed on a request whose client it does not know.");
        var name = await services.Applications.GetDisplayNameAsync(client, cancellationToken) ?? request.ClientId!;
        var scopes = await ClientApplications.GrantableScopesAsync(services.Applications, client, request.GetScopes(), cancellationToken);
        var parameters = request.GetParameters()
            .Where(p => !FormFields.Contains(p.Key))
            .SelectMany(p => ((StringValues)p.Value).OfType<string>().Select(value => KeyValuePair.Create(p.Key, value)))
            .ToList();
        var redirectUri = request.RedirectUri ?? (await services.Applications.GetRedirectUrisAsync(client, cancellationToken)).FirstOrDefault() ?? "";
        return new AuthorizationPrompt(name, scopes, request.GetResources().FirstOrDefault(), redirectUri, parameters);
    }

    /// <summary>"Sign in with ..." for each enabled upstream provider, each resuming this authorization request afterwards.</summary>
    private static async Task<string> SsoButtonsAsync(AuthorizationServices services, AuthorizationPrompt prompt, CancellationToken cancellationToken) =>
        SsoPages.Buttons(await SsoApi.EnabledProvidersAsync(services.Db, services.Sso, cancellationToken),
            OAuthPages.PathOf(services.Settings, "/auth/sso/login"), OAuthPages.ResumeUrl(services.Settings, prompt));

    /// <summary>Fields of our own forms, not parameters of the authorization request.</summary>
    private static readonly HashSet<string> FormFields = ["email", "password", "decision", LoginFormProtection.FieldName];

    private static async Task<EmailUser?> ActiveUserAsync(AuthContext db, string email, CancellationToken cancellationToken) =>
        await db.Users.FindAsync([email], cancellationToken) is { IsActive: true } user ? user : null;
}
