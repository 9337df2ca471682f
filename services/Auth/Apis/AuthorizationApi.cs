using McpGateway.Auth.Accounts;
using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using McpGateway.Auth.OAuth;
using McpGateway.Auth.OAuth.Pages;
using McpGateway.Auth.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace McpGateway.Auth.Apis;

/// <summary>What the authorization endpoint and its forms need.</summary>
public sealed record AuthorizationServices(
    AuthContext Db,
    AccountSettings Accounts,
    AuthorizationRequestValidator Validator,
    AuthorizationCodeStore Codes,
    LoginSessions Sessions,
    LoginFormProtection Csrf,
    AuthSettings Settings,
    TimeProvider Time);

/// <summary>
/// The authorization endpoint (RFC 6749 §4.1.1, OIDC Core §3.1.2) and its forms. A user without a session signs in on
/// the login page; the sign-in is the consent. A user with a session is asked to allow a dynamically registered client
/// (anyone can register one, so its request alone must never silently yield a code), and not asked for a client an
/// administrator registered.
/// </summary>
public static class AuthorizationApi
{
    public static async Task<Results<HtmlPageResult, RedirectHttpResult>> AuthorizeAsync(HttpContext context, [AsParameters] AuthorizationServices services)
    {
        var query = context.Request.QueryString.HasValue ? context.Request.QueryString.Value![1..] : "";
        var validation = await services.Validator.ValidateAsync(new OAuthParameters(context.Request.Query), query, context.RequestAborted);
        if (validation is not AuthorizationValidation.Valid { Request: var request })
        {
            return Refuse(validation, services.Settings);
        }

        var session = services.Sessions.Read(context.Request);
        var user = session is null ? null : await ActiveUserAsync(services.Db, session.Email, context.RequestAborted);
        var now = services.Time.GetUtcNow().UtcDateTime;
        var signedIn = user is not null && !request.Prompt.Contains("login") && (request.MaxAge is not { } maxAge || session!.AuthTime + maxAge >= now);
        if (!signedIn)
        {
            return request.Prompt.Contains("none")
                ? ErrorRedirect(request, OAuthErrors.LoginRequired, "The user is not signed in.", services.Settings)
                : !services.Accounts.EmailAuthEnabled ? PasswordSignInOff()
                : OAuthPages.Login(services.Settings, request, services.Csrf.IssueToken(context), session?.Email);
        }
        if (request.Client.IsDynamic || request.Prompt.Contains("consent"))
        {
            return request.Prompt.Contains("none")
                ? ErrorRedirect(request, OAuthErrors.ConsentRequired, "The user must allow this client first.", services.Settings)
                : OAuthPages.Consent(services.Settings, request, services.Csrf.IssueToken(context), user!.Email);
        }
        return await IssueCodeAsync(request, user!.Email, session!.AuthTime, services, context.RequestAborted);
    }

    /// <summary>The login form: checks the password (<see cref="PasswordSignIn"/>), starts the session, answers the client.</summary>
    public static async Task<Results<HtmlPageResult, RedirectHttpResult>> LoginAsync(HttpContext context, [AsParameters] AuthorizationServices services,
        PasswordSignIn signIn, OAuthRateLimits rateLimits)
    {
        if (await ReadFormAsync(context, services) is not ({ } form, { } validation))
        {
            return OAuthPages.Error("The sign-in form was not sent as a form.");
        }
        if (validation is not AuthorizationValidation.Valid { Request: var request })
        {
            return Refuse(validation, services.Settings);
        }
        if (!services.Accounts.EmailAuthEnabled)
        {
            return PasswordSignInOff();
        }
        var email = form["email"]?.Trim();
        HtmlPageResult Again(string error, int status) => OAuthPages.Login(services.Settings, request, services.Csrf.IssueToken(context), email, error, status);

        if (!services.Csrf.IsValid(context, form[LoginFormProtection.FieldName]))
        {
            return Again("This sign-in form has expired or did not come from this site. Please sign in again.", StatusCodes.Status400BadRequest);
        }
        if (string.IsNullOrEmpty(email) || form["password"] is not { } password)
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
        return await IssueCodeAsync(request, result.User.Email, authTime, services, context.RequestAborted);
    }

    /// <summary>The consent form of a signed-in user: allow (a code), deny (`access_denied`), or sign in as someone else.</summary>
    public static async Task<Results<HtmlPageResult, RedirectHttpResult>> ConsentAsync(HttpContext context, [AsParameters] AuthorizationServices services)
    {
        if (await ReadFormAsync(context, services) is not ({ } form, { } validation))
        {
            return OAuthPages.Error("The consent form was not sent as a form.");
        }
        if (validation is not AuthorizationValidation.Valid { Request: var request })
        {
            return Refuse(validation, services.Settings);
        }
        var session = services.Sessions.Read(context.Request);
        var user = session is null ? null : await ActiveUserAsync(services.Db, session.Email, context.RequestAborted);
        var decision = form["decision"];
        if (user is null || decision == "switch")
        {
            services.Sessions.Clear(context.Response);
            return OAuthPages.Login(services.Settings, request, services.Csrf.IssueToken(context),
                error: user is null ? "Your session has ended. Please sign in again." : null);
        }
        if (!services.Csrf.IsValid(context, form[LoginFormProtection.FieldName]))
        {
            return OAuthPages.Consent(services.Settings, request, services.Csrf.IssueToken(context), user.Email);
        }
        return decision == "allow"
            ? await IssueCodeAsync(request, user.Email, session!.AuthTime, services, context.RequestAborted)
            : ErrorRedirect(request, OAuthErrors.AccessDenied, "The user did not allow access.", services.Settings);
    }

    /// <summary>`EMAIL_AUTH_ENABLED=false`: no password is checked here either.</summary>
    private static HtmlPageResult PasswordSignInOff() =>
        OAuthPages.Error("Signing in with an email and password is turned off on this gateway, and this page offers no other way to sign in.",
            StatusCodes.Status403Forbidden);

    private static async Task<(OAuthParameters Form, AuthorizationValidation Validation)?> ReadFormAsync(HttpContext context, AuthorizationServices services)
    {
        if (await OAuthParameters.ReadFormAsync(context.Request, context.RequestAborted) is not { } form)
        {
            return null;
        }
        var query = form["request"] ?? "";
        var validation = await services.Validator.ValidateAsync(new OAuthParameters(QueryHelpers.ParseQuery(query)), query, context.RequestAborted);
        return (form, validation);
    }

    private static async Task<EmailUser?> ActiveUserAsync(AuthContext db, string email, CancellationToken cancellationToken) =>
        await db.Users.FindAsync([email], cancellationToken) is { IsActive: true } user ? user : null;

    private static async Task<RedirectHttpResult> IssueCodeAsync(AuthorizationRequest request, string email, DateTime authTime,
        AuthorizationServices services, CancellationToken cancellationToken)
    {
        var code = await services.Codes.IssueAsync(request, email, authTime, cancellationToken);
        return Redirect(request.RedirectUri, services.Settings, ("code", code), ("state", request.State));
    }

    private static Results<HtmlPageResult, RedirectHttpResult> Refuse(AuthorizationValidation validation, AuthSettings settings) => validation switch
    {
        AuthorizationValidation.ErrorRedirect e => Redirect(e.RedirectUri, settings, ("error", e.Error), ("error_description", e.Description), ("state", e.State)),
        AuthorizationValidation.ErrorPage e => OAuthPages.Error(e.Message),
        _ => throw new InvalidOperationException("A valid request is not refused."),
    };

    private static RedirectHttpResult ErrorRedirect(AuthorizationRequest request, string error, string description, AuthSettings settings) =>
        Redirect(request.RedirectUri, settings, ("error", error), ("error_description", description), ("state", request.State));

    /// <summary>Back to the client with `iss` added (RFC 9207), so it can tell which server answered.</summary>
    private static RedirectHttpResult Redirect(string redirectUri, AuthSettings settings, params (string Name, string? Value)[] parameters) =>
        TypedResults.Redirect(QueryHelpers.AddQueryString(redirectUri,
            parameters.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Name, p.Value)).Append(KeyValuePair.Create("iss", (string?)settings.Issuer))));
}
