using McpGateway.Admin.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace McpGateway.Admin.Extensions;

/// <summary>
/// Sign-in as an OpenID Connect relying party of our own provider: authorization code + PKCE (S256), the tokens kept in
/// the encrypted session cookie, the access token refreshed with the refresh token shortly before it expires
/// (<see cref="SessionTokens"/>), and a new sign-in when that fails.
/// </summary>
public static class SignInExtensions
{
    /// <summary>Claim the UI reads to show the platform admin's sections (the APIs decide what anyone may do).</summary>
    public const string IsAdminClaim = "is_admin";

    public static IHostApplicationBuilder AddAdminSignIn(this IHostApplicationBuilder builder, AdminSettings settings)
    {
        builder.Services.AddSingleton<SessionTokens>();
        builder.Services.AddTransient<PublicOriginRewriter>();
        builder.Services.AddHttpClient(PublicOriginRewriter.ClientName).AddHttpMessageHandler<PublicOriginRewriter>();

        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(options =>
            {
                options.Cookie.Name = "mcpgw_admin";
                options.Cookie.Path = AdminSettings.PathBase;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.AccessDeniedPath = "/forbidden";
                options.Events.OnValidatePrincipal = context =>
                    context.HttpContext.RequestServices.GetRequiredService<SessionTokens>().RefreshIfExpiringAsync(context);
            })
            .AddOpenIdConnect(options =>
            {
                options.Authority = settings.PublicOrigin;
                options.MetadataAddress = new Uri(settings.ApiBaseAddress, ".well-known/openid-configuration").AbsoluteUri;
                // Plain http is fine on loopback and behind a TLS-terminating ingress; the issuer itself says which.
                options.RequireHttpsMetadata = false;
                options.ClientId = settings.ClientId;
                options.ClientSecret = settings.ClientSecret;
                options.ResponseType = OpenIdConnectResponseType.Code;
                // The provider answers in the query only (no form_post): correlation cookies can then be SameSite=Lax.
                options.ResponseMode = OpenIdConnectResponseMode.Query;
                options.UsePkce = true;
                options.Scope.Clear();
                foreach (var scope in new[] { "openid", "profile", "email", "offline_access" })
                {
                    options.Scope.Add(scope);
                }
                options.SaveTokens = true;
                options.MapInboundClaims = false;
                options.TokenValidationParameters.NameClaimType = "email";
                options.CallbackPath = "/signin-oidc";
                options.SignedOutCallbackPath = "/signout-callback-oidc";
                options.SignedOutRedirectUri = AdminSettings.PathBase + "/";
                options.CorrelationCookie.SameSite = SameSiteMode.Lax;
                options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.NonceCookie.SameSite = SameSiteMode.Lax;
                options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.Events.OnRedirectToIdentityProvider = context =>
                {
                    // The registered URI on the public origin, whatever host this replica was reached by.
                    context.ProtocolMessage.RedirectUri = settings.RedirectUri;
                    return Task.CompletedTask;
                };
                options.Events.OnRedirectToIdentityProviderForSignOut = context =>
                {
                    context.ProtocolMessage.PostLogoutRedirectUri = settings.PostLogoutRedirectUri;
                    return Task.CompletedTask;
                };
                options.Events.OnAuthorizationCodeReceived = context =>
                {
                    // The code is redeemed with the same redirect_uri the authorization request named.
                    if (context.TokenEndpointRequest is { } request)
                    {
                        request.RedirectUri = settings.RedirectUri;
                    }
                    return Task.CompletedTask;
                };
                options.Events.OnTokenValidated = context =>
                {
                    // `is_admin` travels in the access token only; the UI reads it to choose what to show.
                    if (context.TokenEndpointResponse?.AccessToken is { } accessToken && IsPlatformAdmin(accessToken)
                        && context.Principal?.Identity is System.Security.Claims.ClaimsIdentity identity)
                    {
                        identity.AddClaim(new System.Security.Claims.Claim(IsAdminClaim, "true"));
                    }
                    return Task.CompletedTask;
                };
                options.Events.OnRemoteFailure = context =>
                {
                    // A refused or expired sign-in (the user denied, the code expired): say so on a page, never a stack trace.
                    context.Response.Redirect(AdminSettings.PathBase + "/signin-failed");
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });
        builder.Services.AddOptions<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme)
            .Configure<IHttpClientFactory>((options, clients) => options.Backchannel = clients.CreateClient(PublicOriginRewriter.ClientName));
        builder.Services.AddAuthorization(options => options.FallbackPolicy = options.DefaultPolicy);
        return builder;
    }

    private static bool IsPlatformAdmin(string accessToken)
    {
        try
        {
            return new JsonWebToken(accessToken).TryGetPayloadValue<bool>(IsAdminClaim, out var isAdmin) && isAdmin;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
