using McpGateway.Auth.Accounts;
using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using McpGateway.Auth.OAuth;
using McpGateway.Auth.OAuth.Pages;
using McpGateway.Auth.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.Apis;

/// <summary>
/// RP-Initiated Logout 1.0: ends the provider's session (the cookie), then returns to the client only at a
/// `post_logout_redirect_uri` registered by the client named by `client_id` or `id_token_hint`; otherwise it says so
/// on a page of its own.
/// </summary>
public static class EndSessionApi
{
    public static async Task<Results<HtmlPageResult, RedirectHttpResult>> LogoutAsync(HttpContext context, AuthContext db, LoginSessions sessions,
        IssuedTokenValidator tokens, TimeProvider time)
    {
        var parameters = HttpMethods.IsPost(context.Request.Method)
            ? await OAuthParameters.ReadFormAsync(context.Request, context.RequestAborted) ?? OAuthParameters.Empty
            : new OAuthParameters(context.Request.Query);

        if (sessions.Read(context.Request) is { } session)
        {
            db.AuthEvents.Add(PasswordSignIn.Event(session.Email, AuthEventTypes.Logout, true, RequestOrigin.Of(context), time.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync(context.RequestAborted);
        }
        sessions.Clear(context.Response);

        var clientId = parameters["client_id"];
        if (parameters["id_token_hint"] is { } hint)
        {
            var idToken = await tokens.ValidateAsync(hint, IssuedTokenKind.IdToken, allowExpired: true, context.RequestAborted);
            var hinted = idToken?.Audiences.FirstOrDefault();
            if (hinted is null || clientId is not null && clientId != hinted)
            {
                return OAuthPages.Error("You are signed out, but the application's id_token_hint is not valid here, so you are not sent back to it.");
            }
            clientId = hinted;
        }
        if (parameters["post_logout_redirect_uri"] is not { } redirectUri)
        {
            return OAuthPages.SignedOut();
        }
        var client = clientId is null ? null : await db.OAuthClients.AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == clientId, context.RequestAborted);
        if (client is null || !client.PostLogoutRedirectUris.Contains(redirectUri, StringComparer.Ordinal))
        {
            return OAuthPages.Error("You are signed out, but the address the application asked to return to is not registered for it.");
        }
        var state = parameters["state"];
        return TypedResults.Redirect(state is null ? redirectUri : QueryHelpers.AddQueryString(redirectUri, "state", state));
    }
}
