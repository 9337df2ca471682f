namespace McpGateway.Auth.OAuth;

public static class OAuthProviderExtensions
{
    /// <summary>
    /// Registers the OAuth 2.1 / OpenID Connect provider: sessions, client authentication, code and refresh token stores,
    /// grants and rate limits.
    /// </summary>
    public static IHostApplicationBuilder AddOAuthProvider(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<LoginSessions>();
        services.AddSingleton<LoginFormProtection>();
        services.AddSingleton<IssuedTokenValidator>();
        services.AddSingleton<OAuthRateLimits>();
        services.AddSingleton<ClientCredentialsGrant>();
        services.AddScoped<ClientAuthenticator>();
        services.AddScoped<AuthorizationRequestValidator>();
        services.AddScoped<AuthorizationCodeStore>();
        services.AddScoped<RefreshTokenStore>();
        services.AddScoped<TokenRevoker>();
        services.AddScoped<UserTokenResponses>();
        services.AddScoped<AuthorizationCodeGrant>();
        services.AddScoped<RefreshTokenGrant>();
        services.AddHostedService<OAuthCleanup>();

        return builder;
    }
}
