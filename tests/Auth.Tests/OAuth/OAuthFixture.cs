using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using Microsoft.AspNetCore.Mvc.Testing;

namespace McpGateway.Auth.Tests.OAuth;

/// <summary>
/// The auth service of <see cref="SqliteAuthFactory"/>, started once more on the same database with the provider's
/// per-address rate limits off (every test call comes from one address) and client metadata documents allowed from
/// loopback (where the tests serve them). <see cref="Limited"/> keeps the defaults;
/// <see cref="Operator"/> requires the registration token, with which clients may register for client_credentials.
/// </summary>
public sealed class OAuthFixture : IAsyncLifetime
{
    public SqliteAuthFactory Limited { get; } = new();
    public const string RegistrationToken = "oauth-tests-registration-token";

    public WebApplicationFactory<Program> Host { get; private set; } = null!;
    public WebApplicationFactory<Program> Operator { get; private set; } = null!;

    public IServiceProvider Services => Host.Services;

    public async ValueTask InitializeAsync()
    {
        await Limited.InitializeAsync();
        // Client ID Metadata Documents are served from loopback in these tests, which only this setting allows.
        Host = Limited.WithSettings(("OAUTH_TOKEN_RATE_LIMIT_PER_MINUTE", "0"), ("OAUTH_REGISTRATION_RATE_LIMIT_PER_MINUTE", "0"),
            ("OAUTH_CLIENT_METADATA_DOCUMENTS_ALLOW_PRIVATE_ADDRESSES", "true"));
        Operator = Limited.WithSettings(("OAUTH_TOKEN_RATE_LIMIT_PER_MINUTE", "0"), ("OAUTH_REGISTRATION_RATE_LIMIT_PER_MINUTE", "0"),
            ("OAUTH_REGISTRATION_TOKEN", RegistrationToken));
    }

    public Task<EmailUser> CreateUserAsync(string? fullName = null) => Limited.CreateUserAsync(fullName: fullName);

    public Task<T> WithDbAsync<T>(Func<AuthContext, Task<T>> action) => Limited.WithDbAsync(action);

    public async ValueTask DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
        if (Operator is not null)
        {
            await Operator.DisposeAsync();
        }
        await Limited.DisposeAsync();
    }
}
