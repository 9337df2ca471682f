using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace McpGateway.EndToEnd.Tests;

/// <summary>The product as a client sees it: one origin, the gateway, in front of three services.</summary>
public sealed class GatewayTests(StackFixture fixture) : IClassFixture<StackFixture>
{
    private readonly HttpClient _client = fixture.Client;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Gateway_health_is_healthy_only_with_all_three_services_healthy()
    {
        using var response = await _client.GetAsync("/health", Cancel);
        var health = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        foreach (var service in new[] { "auth", "teams", "catalog" })
        {
            Assert.Equal("healthy", health.GetProperty("checks").GetProperty(service).GetString());
        }
    }

    [Fact]
    public async Task Auth_service_answers_through_the_gateway()
    {
        // Public: the sign-in page lists the enabled SSO providers, none on a fresh install.
        var providers = await _client.GetFromJsonAsync<JsonElement>("/auth/sso/providers", Cancel);

        Assert.Equal(JsonValueKind.Array, providers.ValueKind);
        Assert.Equal(0, providers.GetArrayLength());
    }

    [Fact]
    public async Task Teams_service_answers_through_the_gateway()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/rbac/permissions/available");
        request.Headers.Authorization = StackFixture.BasicAuthorization;
        using var response = await _client.SendAsync(request, Cancel);
        var permissions = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);

        Assert.Contains("tools.execute", permissions.GetProperty("all_permissions").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task Catalog_service_answers_through_the_gateway_naming_the_auth_service_s_issuer()
    {
        var discovery = await _client.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration", Cancel);
        var metadata = await _client.GetFromJsonAsync<JsonElement>("/.well-known/oauth-protected-resource/servers/abc123/mcp", Cancel);

        // An MCP client follows authorization_servers to the discovery document and compares the two issuers exactly.
        var issuer = discovery.GetProperty("issuer").GetString();
        Assert.Equal(issuer, metadata.GetProperty("authorization_servers")[0].GetString());
        Assert.Equal($"{issuer}/servers/abc123/mcp", metadata.GetProperty("resource").GetString());
    }

    [Fact]
    public async Task An_unknown_path_is_a_404_problem_from_the_gateway_itself()
    {
        using var response = await _client.GetAsync("/no/such/thing", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/auth/../health")]
    [InlineData("/teams/%2e%2e/health")]
    [InlineData("/tokens/..%2fhealth")]
    [InlineData("/auth/health")]
    [InlineData("/teams/health")]
    [InlineData("/servers/health")]
    [InlineData("/rbac/../../health")]
    public async Task No_path_reaches_a_service_s_own_health_endpoint(string path)
    {
        using var response = await _client.GetAsync(path, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);

        // A service's /health reports its database; the gateway's own reports the services. Whatever a path
        // normalises to, the answer is the gateway's or a 404 (or a service's 404 for a path it does not have).
        Assert.DoesNotContain("\"database\"", body);
    }

    [Fact]
    public async Task Version_names_the_product()
    {
        var version = await _client.GetFromJsonAsync<JsonElement>("/version", Cancel);

        Assert.Equal("mcpgateway", version.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(version.GetProperty("version").GetString()));
    }

    [Fact]
    public void Each_service_keeps_its_own_SQLite_database_in_the_data_directory()
    {
        foreach (var service in new[] { "auth", "teams", "catalog" })
        {
            Assert.True(File.Exists(Path.Combine(fixture.Stack.Home, $"{service}.db")), $"{service}.db is missing");
            Assert.True(File.Exists(Path.Combine(fixture.Stack.Home, $".{service}-migration.lock")), $".{service}-migration.lock is missing");
        }
    }

    [Fact]
    public async Task A_request_through_the_gateway_is_one_trace_on_the_dashboard_from_gateway_to_service()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/auth/sso/providers");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await _client.SendAsync(request, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The dashboard's telemetry API (header x-api-key), which serves what it received over OTLP.
        using var dashboard = new HttpClient { BaseAddress = fixture.Stack.Dashboard };
        dashboard.DefaultRequestHeaders.Add("x-api-key", fixture.Stack.DashboardApiKey());
        var services = new HashSet<string>();
        // Each process exports its spans in batches (every 5 s by default).
        for (var attempt = 0; attempt < 60 && !services.IsSupersetOf(["gateway", "auth"]); attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), Cancel);
            using var trace = await dashboard.GetAsync($"/api/telemetry/traces/{traceId}", Cancel);
            if (trace.StatusCode == HttpStatusCode.OK)
            {
                services.UnionWith(ServiceNames(await trace.Content.ReadFromJsonAsync<JsonElement>(Cancel)));
            }
        }

        Assert.Contains("gateway", services);
        Assert.Contains("auth", services);
    }

    /// <summary>The `service.name` of every resource in an OTLP JSON document, wherever its resourceSpans are.</summary>
    private static IEnumerable<string> ServiceNames(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object when element.TryGetProperty("resource", out var resource) && resource.TryGetProperty("attributes", out var attributes) =>
            attributes.EnumerateArray()
                .Where(a => a.GetProperty("key").GetString() == "service.name")
                .Select(a => a.GetProperty("value").GetProperty("stringValue").GetString()!),
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => ServiceNames(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(ServiceNames),
        _ => [],
    };
}
