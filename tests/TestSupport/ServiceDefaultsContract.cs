using System.Net.Http.Json;
using System.Text.Json;

namespace McpGateway.TestSupport;

/// <summary>
/// What every service gets from ServiceDefaults, checked on each service and each database it runs on: a service's
/// test class derives from this, and these tests run with its own.
/// </summary>
public abstract class ServiceDefaultsContract<TProgram>(ServiceFactory<TProgram> factory) where TProgram : class
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_is_healthy_including_the_database()
    {
        using var client = factory.CreateClient();

        var health = await client.GetFromJsonAsync<JsonElement>("/health", Cancel);

        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal("healthy", health.GetProperty("checks").GetProperty("database").GetString());
    }

    [Fact]
    public async Task Alive_needs_only_the_process()
    {
        using var client = factory.CreateClient();

        var alive = await client.GetFromJsonAsync<JsonElement>("/alive", Cancel);

        Assert.Equal("healthy", alive.GetProperty("status").GetString());
        Assert.False(alive.GetProperty("checks").TryGetProperty("database", out _));
    }
}
