using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace McpGateway.ServiceDefaults.Tests.Authentication;

/// <summary>
/// A stand-in for the auth service on a free loopback port: discovery whose `jwks_uri` names a public origin the test
/// cannot reach (as pods cannot reach the gateway's), and the JWKS at that path. Counts what it serves.
/// </summary>
public sealed class FakeAuthServer : IAsyncDisposable
{
    public const string PublicJwksUri = "http://public.invalid/oauth/jwks";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, TestSigningKey> _published = new();
    private int _discoveryRequests;
    private int _jwksRequests;

    private FakeAuthServer(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;
    public int DiscoveryRequests => Volatile.Read(ref _discoveryRequests);
    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    public static async Task<FakeAuthServer> StartAsync(string issuer, params TestSigningKey[] keys)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeAuthServer(app);
        foreach (var key in keys)
        {
            server.Publish(key);
        }

        app.MapGet("/.well-known/openid-configuration", () =>
        {
            Interlocked.Increment(ref server._discoveryRequests);
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = issuer,
                ["jwks_uri"] = PublicJwksUri,
                ["authorization_endpoint"] = $"{issuer}/oauth/authorize",
                ["token_endpoint"] = $"{issuer}/oauth/token",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256", "ES256", "PS256" },
            });
        });
        app.MapGet("/oauth/jwks", () =>
        {
            Interlocked.Increment(ref server._jwksRequests);
            return Results.Json(new { keys = server._published.Values.Select(k => k.Jwk).ToArray() });
        });
        await app.StartAsync();
        server.Address = new Uri(app.Urls.Single());
        return server;
    }

    /// <summary>Adds a key to the JWKS from the next fetch on, as the auth service does when it rotates.</summary>
    public void Publish(TestSigningKey key) => _published[key.Kid] = key;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
