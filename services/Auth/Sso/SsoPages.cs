using McpGateway.Auth.Apis;
using McpGateway.Auth.Model;
using McpGateway.Auth.OAuth.Pages;
using static McpGateway.Auth.OAuth.Pages.PageLayout;

namespace McpGateway.Auth.Sso;

/// <summary>The pages a person meets at the end of an upstream sign-in when there is no authorization request to resume.</summary>
public static class SsoPages
{
    public static HtmlPageResult SignedIn(EmailUser user) =>
        new(StatusCodes.Status200OK, Render("Signed in", $"""
            <h1>You are signed in</h1>
            <p>as <strong>{Encode(user.Email)}</strong>. You can close this window and return to your application.</p>
            """));

    public static HtmlPageResult Pending(string email) =>
        new(StatusCodes.Status403Forbidden, Render("Waiting for approval", $"""
            <h1>Waiting for approval</h1>
            <p>An administrator must approve the account for <strong>{Encode(email)}</strong> before you can sign in.
            Sign in again once they have.</p>
            """));

    public static HtmlPageResult Refused(string message, int statusCode) =>
        new(statusCode, Render("Sign-in refused", $"""
            <h1>You could not be signed in</h1>
            <p class="error" role="alert">{Encode(message)}</p>
            <p>Go back to the application you came from and try again. If this keeps happening, tell whoever runs this gateway.</p>
            """));

    /// <summary>"Sign in with ..." links for the login page, each resuming <paramref name="returnTo"/> afterwards.</summary>
    public static string Buttons(IReadOnlyList<SsoProviderSummary> providers, string loginPathPrefix, string returnTo)
    {
        if (providers.Count == 0)
        {
            return "";
        }
        var links = providers.Select(p =>
            $"""<a class="sso" href="{Encode($"{loginPathPrefix}/{p.Id}?return_to={Uri.EscapeDataString(returnTo)}")}">Sign in with {Encode(p.DisplayName)}</a>""");
        return $"""<p class="note">or</p><nav aria-label="Single sign-on">{string.Join("\n", links)}</nav>""";
    }
}
