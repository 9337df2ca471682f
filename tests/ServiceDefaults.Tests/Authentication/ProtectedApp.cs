using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using McpGateway.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpGateway.ServiceDefaults.Tests.Authentication;

/// <summary>
/// A service built the way every service is (<c>AddServiceDefaults</c>, <c>AddTokenAuthentication</c>, <c>MapDefaultEndpoints</c>), on a real Kestrel
/// port, configured only by the settings given, with `/whoami` (authenticated; echoes `sub`), `/admin` (platform
/// admins), `/open` (anonymous), `/activity` (anonymous; the current Activity's name, or "none"), and under `/rbac/`
/// (a path the gateway forwards to the teams service) `/rbac/whoami` and `/rbac/headers` (anonymous; echoes the
/// Authorization header it received). Keeps every log line it writes.
/// </summary>
public sealed class ProtectedApp : IAsyncDisposable
{
    public const string Issuer = "https://gateway.example.test";

    private readonly WebApplication _app;

    private ProtectedApp(WebApplication app, HttpClient client, LogCollector logs)
    {
        _app = app;
        Client = client;
        Logs = logs;
    }

    public HttpClient Client { get; }
    public LogCollector Logs { get; }
    public IServiceProvider Services => _app.Services;

    /// <summary>The settings a service gets from AppHost, pointing at <paramref name="auth"/>; <paramref name="overrides"/> win (null removes).</summary>
    public static Task<ProtectedApp> StartAsync(FakeAuthServer auth, params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["services:auth:http:0"] = auth.Address.ToString(),
            ["JWT_ISSUER"] = Issuer,
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }
        return StartAsync(settings);
    }

    public static async Task<ProtectedApp> StartAsync(Dictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder();
        // Only what the test says: no BASIC_AUTH_* or JWT_* from the machine's environment.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings.Where(s => s.Value is not null));
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        builder.AddTokenAuthentication();
        var logs = new LogCollector();
        builder.Logging.AddProvider(logs);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGet("/whoami", (HttpContext context) => context.User.FindFirst("sub")?.Value).RequireAuthorization();
        app.MapGet("/admin", () => "admin area").RequireAuthorization(TokenAuthenticationDefaults.PlatformAdminPolicy);
        app.MapGet("/open", () => "open to all");
        app.MapGet("/activity", () => System.Diagnostics.Activity.Current?.OperationName ?? "none");
        app.MapGet("/rbac/whoami", (HttpContext context) => context.User.FindFirst("sub")?.Value).RequireAuthorization();
        app.MapGet("/rbac/headers", (HttpContext context) => context.Request.Headers.Authorization.ToString());
        await app.StartAsync();

        var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        return new ProtectedApp(app, client, logs);
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? bearer = null) =>
        SendAsync(path, bearer is null ? null : new AuthenticationHeaderValue("Bearer", bearer));

    public Task<HttpResponseMessage> GetWithBasicAsync(string path, string user, string password) =>
        SendAsync(path, new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"))));

    public async Task<HttpResponseMessage> SendAsync(string path, AuthenticationHeaderValue? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = authorization;
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Every log line the app writes, to check what is (and is never) logged.</summary>
public sealed class LogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Collector(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Collector(LogCollector owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
