using McpGateway.Auth.OAuth;

namespace McpGateway.Auth.Apis;

/// <summary>
/// The OAuth 2.1 / OpenID Connect provider's endpoints that OpenIddict passes on after checking the request: authorize
/// (with the login and consent forms), token, userinfo and end-session; and dynamic registration (RFC 7591), which is
/// ours. Revocation, introspection, the JWKS and discovery OpenIddict answers itself (with our handlers).
/// All anonymous at the framework level: each authenticates its caller the way its RFC says.
/// </summary>
public static class OAuthApi
{
    public static RouteGroupBuilder MapOAuthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("").AllowAnonymous().WithTags("OAuth");

        api.MapMethods(OAuthPaths.Authorize, [HttpMethods.Get, HttpMethods.Post], AuthorizationApi.AuthorizeAsync);
        api.MapPost(OAuthPaths.Login, AuthorizationApi.LoginAsync);
        api.MapPost(OAuthPaths.Consent, AuthorizationApi.ConsentAsync);
        api.MapMethods(OAuthPaths.Logout, [HttpMethods.Get, HttpMethods.Post], EndSessionApi.LogoutAsync);

        api.MapPost(OAuthPaths.Token, TokenEndpointApi.ExchangeAsync);
        api.MapMethods(OAuthPaths.UserInfo, [HttpMethods.Get, HttpMethods.Post], UserInfoApi.GetUserInfoAsync);
        api.MapPost(OAuthPaths.Register, ClientRegistrationApi.RegisterAsync);
        return api;
    }
}
