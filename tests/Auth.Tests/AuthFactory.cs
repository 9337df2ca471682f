using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using McpGateway.Auth.Accounts;
using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using McpGateway.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Auth.Tests;

/// <summary>
/// The auth service in-process (<see cref="ServiceFactory{TProgram}"/>). Every host it starts gets <see cref="Settings"/>
/// (the platform admin, the `admin:changeme` Basic pair, no login rate limit); <see cref="WithSettings"/> starts another
/// host on the same database with some settings changed, which is also how a test restarts the service.
/// </summary>
public abstract class AuthFactory(TestDatabase database) : ServiceFactory<Program>(AuthContext.ServiceName, database)
{
    public const string AdminEmail = "admin@example.com";
    public const string AdminPassword = "admin-password-1";
    public const string BasicUser = "admin";
    public const string BasicPassword = "changeme";
    /// <summary>A password that passes the default rules, for accounts tests create.</summary>
    public const string UserPassword = "user-password-1";

    /// <summary>What every host of this factory is configured with (environment variable names, as in production).</summary>
    public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        // Required on PostgreSQL (replicas share the signing keys); on SQLite it would be generated beside the file.
        ["AUTH_ENCRYPTION_SECRET"] = "auth-tests-encryption-secret-0123456789abcdef",
        ["PLATFORM_ADMIN_EMAIL"] = AdminEmail,
        ["PLATFORM_ADMIN_PASSWORD"] = AdminPassword,
        ["BASIC_AUTH_USER"] = BasicUser,
        ["BASIC_AUTH_PASSWORD"] = BasicPassword,
        // Tests sign in far more often than a person would; the rate limit has its own test.
        ["LOGIN_RATE_LIMIT_PER_MINUTE"] = "0",
    };

    /// <summary>Another host on the same database with these settings changed (null unsets one). Dispose it.</summary>
    public WebApplicationFactory<Program> WithSettings(params (string Key, string? Value)[] settings) =>
        WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });

    /// <summary>Runs <paramref name="action"/> with the service's own DbContext in a fresh scope.</summary>
    public async Task<T> WithDbAsync<T>(Func<AuthContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<AuthContext>());
    }

    /// <summary>Creates an account the way the service does (user row, `account_created`, `UserCreated` in the outbox).</summary>
    public async Task<EmailUser> CreateUserAsync(string? email = null, string password = UserPassword, bool isAdmin = false, string? fullName = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        return await accounts.CreateAsync(email ?? NewEmail(), password, fullName ?? "Test User", isAdmin, EmailUser.LocalProvider,
            new RequestOrigin("127.0.0.1", "auth-tests"), TestContext.Current.CancellationToken);
    }

    /// <summary>An address no other test uses.</summary>
    public static string NewEmail(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@example.com";

    /// <summary>A client sending `Authorization: Bearer <paramref name="token"/>`.</summary>
    public HttpClient CreateClient(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client sending HTTP Basic credentials.</summary>
    public HttpClient CreateBasicClient(string user, string password)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    /// <summary>Signs in with `POST /auth/email/login` and returns the access token (fails the test otherwise).</summary>
    public async Task<string> SignInAsync(string email, string password)
    {
        using var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/auth/email/login", new { email, password }, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"login as {email}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }
}

public sealed class SqliteAuthFactory() : AuthFactory(new SqliteTestDatabase());

public sealed class PostgresAuthFactory() : AuthFactory(new PostgresTestDatabase());
