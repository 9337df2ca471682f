using McpGateway.Auth.OAuth;

namespace McpGateway.Auth.Apis;

/// <summary>
/// The OAuth 2.1 / OpenID Connect provider's endpoints. Browser-facing: authorize (with the login and consent forms) and
/// end-session. Machine-facing: token, userinfo, revocation (RFC 7009), introspection (RFC 7662), registration (RFC 7591).
/// All anonymous at the framework level: each authenticates its caller the way its RFC says.
/// </summary>
public static class OAuthApi
{
    public static RouteGroupBuilder MapOAuthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("").AllowAnonymous();

        api.MapGet(OAuthPaths.Authorize, AuthorizationApi.AuthorizeAsync);
        api.MapPost(OAuthPaths.Login, AuthorizationApi.LoginAsync);
        api.MapPost(OAuthPaths.Consent, AuthorizationApi.ConsentAsync);
        api.MapMethods(OAuthPaths.Logout, [HttpMethods.Get, HttpMethods.Post], EndSessionApi.LogoutAsync);

        api.MapPost(OAuthPaths.Token, TokenEndpointApi.TokenAsync);
        api.MapPost(OAuthPaths.Revoke, TokenEndpointApi.RevokeAsync);
        api.MapPost(OAuthPaths.Introspect, TokenEndpointApi.IntrospectAsync);
        api.MapMethods(OAuthPaths.UserInfo, [HttpMethods.Get, HttpMethods.Post], UserInfoApi.GetUserInfoAsync);
        api.MapPost(OAuthPaths.Register, ClientRegistrationApi.RegisterAsync);
        return api;
    }
}
