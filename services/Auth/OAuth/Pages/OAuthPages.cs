using System.Text;
using McpGateway.Auth.Security;
using static McpGateway.Auth.OAuth.Pages.PageLayout;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace McpGateway.Auth.OAuth.Pages;

/// <summary>What the sign-in and consent pages show of an authorization request, and the request itself to post back.</summary>
public sealed record AuthorizationPrompt(
    string ClientName, IReadOnlyList<string> Scopes, string? Resource, string RedirectUri, IReadOnlyList<KeyValuePair<string, string>> Parameters);

/// <summary>The pages a user meets at the authorization endpoint: sign in, consent, errors, signed out.</summary>
public static class OAuthPages
{
    public static HtmlPageResult Login(AuthSettings settings, AuthorizationPrompt request, string csrfToken, string? email = null,
        string? error = null, int statusCode = StatusCodes.Status200OK, string ssoButtons = "", bool passwordForm = true) =>
        new(statusCode, Render("Sign in", $"""
            <h1>Sign in</h1>
            <p>to continue to <strong>{ClientName(request)}</strong></p>
            {Alert(error)}
            {(passwordForm ? PasswordForm(settings, request, csrfToken, email, error) : "")}
            {ssoButtons}
            {Disclosure(request)}
            """));

    private static string PasswordForm(AuthSettings settings, AuthorizationPrompt request, string csrfToken, string? email, string? error) => $"""
        <form method="post" action="{Encode(PathOf(settings, OAuthPaths.Login))}">
        {HiddenFields(request, csrfToken)}
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="username" required value="{Encode(email)}"{(error is null ? " autofocus" : " aria-describedby=\"form-error\"")}>
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required>
        <button type="submit">Sign in</button>
        </form>
        """;

    public static HtmlPageResult Consent(AuthSettings settings, AuthorizationPrompt request, string csrfToken, string email) =>
        new(StatusCodes.Status200OK, Render("Allow access", $"""
            <h1>Allow access?</h1>
            <p>You are signed in as <strong>{Encode(email)}</strong>.</p>
            <form method="post" action="{Encode(PathOf(settings, OAuthPaths.Consent))}">
            {HiddenFields(request, csrfToken)}
            {Disclosure(request)}
            <button type="submit" name="decision" value="allow">Allow</button>
            <button type="submit" name="decision" value="deny" class="secondary">Deny</button>
            <button type="submit" name="decision" value="switch" class="secondary">Use another account</button>
            </form>
            """));

    /// <summary>The client or redirect_uri is wrong: said here, never by redirecting to an address nobody verified.</summary>
    public static HtmlPageResult Error(string message, int statusCode = StatusCodes.Status400BadRequest) =>
        new(statusCode, Render("Sign-in error", $"""
            <h1>This sign-in request cannot be completed</h1>
            <p class="error" role="alert">{Encode(message)}</p>
            <p>Go back to the application you came from and try again. If this keeps happening, tell whoever runs it.</p>
            """));

    public static HtmlPageResult SignedOut() =>
        new(StatusCodes.Status200OK, Render("Signed out", """
            <h1>You are signed out</h1>
            <p>You can close this window.</p>
            """));

    /// <summary>The authorization request as a local URL: where a sign-in through an upstream provider resumes it.</summary>
    public static string ResumeUrl(AuthSettings settings, AuthorizationPrompt request) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(PathOf(settings, OAuthPaths.Authorize),
            request.Parameters.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)));

    /// <summary>The authorization request itself, parameter by parameter: the form posts it back, and OpenIddict checks it again.</summary>
    private static string HiddenFields(AuthorizationPrompt request, string csrfToken)
    {
        var fields = new StringBuilder();
        foreach (var (name, value) in request.Parameters)
        {
            fields.Append($"""<input type="hidden" name="{Encode(name)}" value="{Encode(value)}">""").Append('\n');
        }
        return fields.Append($"""<input type="hidden" name="{LoginFormProtection.FieldName}" value="{Encode(csrfToken)}">""").ToString();
    }

    private static string Alert(string? error) => error is null ? "" : $"""<p class="error" id="form-error" role="alert">{Encode(error)}</p>""";

    private static string ClientName(AuthorizationPrompt request) => Encode(request.ClientName);

    /// <summary>What the client will get and where you will be sent: dynamically registered clients name themselves.</summary>
    private static string Disclosure(AuthorizationPrompt request)
    {
        var text = new StringBuilder($"<p class=\"note\"><strong>{ClientName(request)}</strong> will be able to:</p><ul class=\"note\">");
        foreach (var scope in request.Scopes.Append("api"))
        {
            text.Append("<li>").Append(Encode(Describe(scope))).Append("</li>");
        }
        if (request.Resource is not null)
        {
            text.Append("<li>use <code>").Append(Encode(request.Resource)).Append("</code> as you</li>");
        }
        var destination = Uri.TryCreate(request.RedirectUri, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : request.RedirectUri;
        return text.Append("</ul><p class=\"note\">Afterwards you will be sent to <code>").Append(Encode(destination)).Append("</code>.</p>").ToString();
    }

    private static string Describe(string scope) => scope switch
    {
        Scopes.OpenId => "confirm who you are",
        Scopes.Profile => "see your name",
        Scopes.Email => "see your email address",
        Scopes.OfflineAccess => "stay signed in while you are away (refresh tokens)",
        _ => "call the gateway's API with your permissions",
    };

    /// <summary>A path on this origin below the issuer's path (the gateway routes /oauth to this service).</summary>
    public static string PathOf(AuthSettings settings, string path) => new Uri(settings.Issuer).AbsolutePath.TrimEnd('/') + path;
}
