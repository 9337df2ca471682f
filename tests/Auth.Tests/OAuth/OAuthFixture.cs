using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using Microsoft.AspNetCore.Mvc.Testing;

namespace McpGateway.Auth.Tests.OAuth;

/// <summary>
/// The auth service of <see cref="SqliteAuthFactory"/>, started once more on the same database with the provider's
/// per-address rate limits off (every test call comes from one address). <see cref="Limited"/> keeps the defaults.
/// </summary>
public sealed class OAuthFixture : IAsyncLifetime
{
    public SqliteAuthFactory Limited { get; } = new();
    public WebApplicationFactory<Program> Host { get; private set; } = null!;

    public IServiceProvider Services => Host.Services;

    public async ValueTask InitializeAsync()
    {
        await Limited.InitializeAsync();
        Host = Limited.WithSettings(("OAUTH_TOKEN_RATE_LIMIT_PER_MINUTE", "0"), ("OAUTH_REGISTRATION_RATE_LIMIT_PER_MINUTE", "0"));
    }

    public Task<EmailUser> CreateUserAsync(string? fullName = null) => Limited.CreateUserAsync(fullName: fullName);

    public Task<T> WithDbAsync<T>(Func<AuthContext, Task<T>> action) => Limited.WithDbAsync(action);

    public async ValueTask DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
        await Limited.DisposeAsync();
    }
}
