using System.Net.Http.Json;
using System.Text.Json;
using McpGateway.TestSupport.Mcp;

namespace McpGateway.Admin.Tests;

/// <summary>
/// Catalog entities set up through the public API as the platform admin, for tests of the pages that use them (the
/// Gateways page's own test registers one in the UI).
/// </summary>
public static class CatalogSetup
{
    // One login per stack: the login API is rate-limited, and a fresh token for every call would meet the limit.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<AdminStackFixture, Task<string>> Tokens = [];

    /// <summary>Registers and refreshes a gateway: its id and its discovered tools, name → id.</summary>
    public static async Task<(string GatewayId, Dictionary<string, string> Tools)> FederateAsync(this AdminStackFixture stack, string name, TestMcpServer upstream)
    {
        var gateway = await stack.SendAsync(HttpMethod.Post, "/gateways", new { name, url = upstream.Endpoint.ToString() });
        var id = gateway.GetProperty("id").GetString()!;
        await stack.SendAsync(HttpMethod.Post, $"/gateways/{id}/refresh", null);
        var tools = await stack.SendAsync(HttpMethod.Get, $"/tools?gateway_id={id}&limit=100", null);
        return (id, tools.EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("id").GetString()!));
    }

    public static Task<JsonElement> CreateServerAsync(this AdminStackFixture stack, string name, IEnumerable<string> toolIds) =>
        stack.SendAsync(HttpMethod.Post, "/servers", new { name, associated_tools = toolIds.ToList() });

    /// <summary>One API call as the platform admin; anything but success fails the test with the API's answer.</summary>
    public static async Task<JsonElement> SendAsync(this AdminStackFixture stack, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", await stack.CachedAdminTokenAsync());
        using var response = await stack.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The platform admin's bearer token, fetched once per stack (tests run far within its lifetime).</summary>
    public static Task<string> CachedAdminTokenAsync(this AdminStackFixture stack) => Tokens.GetValue(stack, s => s.AdminTokenAsync());
}
