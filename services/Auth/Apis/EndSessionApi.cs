using Microsoft.AspNetCore;
using McpGateway.Auth.Accounts;
using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using McpGateway.Auth.OAuth;
using McpGateway.Auth.OAuth.Pages;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Server.AspNetCore;

namespace McpGateway.Auth.Apis;

/// <summary>
/// RP-Initiated Logout 1.0: ends the provider's session (the cookie) whatever else happens, then returns to the client
/// only at a `post_logout_redirect_uri` OpenIddict verified against the registration of the client named by `client_id`
/// or `id_token_hint`; otherwise it says so on a page of its own.
/// </summary>
public static class EndSessionApi
{
    public static async Task<Results<HtmlPageResult, SignOutHttpResult>> LogoutAsync(HttpContext context, AuthContext db, LoginSessions sessions, TimeProvider time)
    {
        if (sessions.Read(context.Request) is { } session)
        {
            db.AuthEvents.Add(PasswordSignIn.Event(session.Email, AuthEventTypes.Logout, true, RequestOrigin.Of(context), time.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync(context.RequestAborted);
        }
        sessions.Clear(context.Response);

        if (context.GetOpenIddictServerResponse() is { Error: { } })
        {
            return OAuthPages.Error("You are signed out, but the address the application asked to return to is not registered for it, "
                + "or its id_token_hint is not valid here, so you are not sent back to it.");
        }
        if (string.IsNullOrEmpty(context.GetOpenIddictServerRequest()?.PostLogoutRedirectUri))
        {
            return OAuthPages.SignedOut();
        }
        // OpenIddict redirects to the verified post_logout_redirect_uri, with `state`.
        return TypedResults.SignOut(new AuthenticationProperties(), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }
}
