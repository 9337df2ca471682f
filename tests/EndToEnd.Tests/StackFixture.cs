using McpGateway.TestSupport;

namespace McpGateway.EndToEnd.Tests;

/// <summary>One running product (AppHost, three services, gateway) on SQLite in a fresh data directory, shared by a test class.</summary>
public sealed class StackFixture : IAsyncLifetime
{
    public const string AdminEmail = "admin@example.com";
    public const string AdminPassword = "end-to-end-admin-password";
    /// <summary>The seed's Basic pair (`curl -u admin:changeme`), configured as ContextForge's migration guide has it.</summary>
    public const string BasicUser = "admin", BasicPassword = "changeme";

    /// <summary>The configured Basic pair as an Authorization header (the platform admin at every service).</summary>
    public static System.Net.Http.Headers.AuthenticationHeaderValue BasicAuthorization { get; } =
        new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{BasicUser}:{BasicPassword}")));
    /// <summary>The initial access token OAuth client registration asks for (clients that may use client_credentials need it).</summary>
    public const string RegistrationToken = "end-to-end-registration-token";

    private readonly TempDirectory _home = new();

    public RunningStack Stack { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Stack = await RunningStack.StartAsync(_home.Path, new Dictionary<string, string>
        {
            ["PLATFORM_ADMIN_EMAIL"] = AdminEmail,
            ["PLATFORM_ADMIN_PASSWORD"] = AdminPassword,
            ["BASIC_AUTH_USER"] = BasicUser,
            ["BASIC_AUTH_PASSWORD"] = BasicPassword,
            ["OAUTH_REGISTRATION_TOKEN"] = RegistrationToken,
        });
        Client = new HttpClient { BaseAddress = Stack.Gateway };
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (Stack is not null)
        {
            await Stack.DisposeAsync();
        }
        _home.Dispose();
    }
}
