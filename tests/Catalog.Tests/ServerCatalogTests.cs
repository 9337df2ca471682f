using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace McpGateway.Catalog.Tests;

/// <summary>The server catalog shipped by default: browsing, filtering, and adding a known server as a gateway in one call.</summary>
public sealed class ServerCatalogTests(SqliteCatalogFactory factory) : IClassFixture<SqliteCatalogFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_default_catalog_lists_known_servers_with_filters_and_paging()
    {
        var alice = CatalogApiTests.NewEmail("alice");
        await factory.NewUserAsync(alice);
        using var asAlice = factory.As(alice);

        var all = await asAlice.GetFromJsonAsync<JsonElement>("/catalog", Cancel);
        var open = await asAlice.GetFromJsonAsync<JsonElement>("/catalog?auth_type=Open", Cancel);
        var page = await asAlice.GetFromJsonAsync<JsonElement>("/catalog?limit=2&skip=1", Cancel);

        Assert.True(all.GetProperty("total").GetInt32() >= 5);
        Assert.Contains(all.GetProperty("servers").EnumerateArray(), s => s.GetProperty("id").GetString() == "deepwiki");
        Assert.All(open.GetProperty("servers").EnumerateArray(), s => Assert.Equal("Open", s.GetProperty("auth_type").GetString()));
        Assert.Equal(2, page.GetProperty("servers").GetArrayLength());
        Assert.Equal(all.GetProperty("servers")[1].GetProperty("id").GetString(), page.GetProperty("servers")[0].GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await asAlice.GetAsync("/catalog/no-such-server", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/catalog", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Adding_a_catalog_server_creates_a_gateway_in_the_caller_s_personal_team_with_its_credentials_sealed()
    {
        var alice = CatalogApiTests.NewEmail("alice");
        var personal = await factory.NewUserAsync(alice);
        using var asAlice = factory.As(alice);

        using var open = await asAlice.PostAsync("/catalog/deepwiki/add", null, Cancel);
        Assert.Equal(HttpStatusCode.Created, open.StatusCode);
        var gateway = await open.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal(personal, gateway.GetProperty("team_id").GetString());
        Assert.Equal("private", gateway.GetProperty("visibility").GetString());
        Assert.Equal("https://mcp.deepwiki.com/mcp", gateway.GetProperty("url").GetString());
        Assert.Equal("streamablehttp", gateway.GetProperty("transport").GetString());

        // A server that needs a key refuses to be added without one, and keeps the key sealed when given.
        using var keyless = await asAlice.PostAsJsonAsync("/catalog/hugging-face/add", new { }, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, keyless.StatusCode);
        using var keyed = await asAlice.PostAsJsonAsync("/catalog/hugging-face/add", new { api_key = "hf_secret_value_123" }, Cancel);
        Assert.Equal(HttpStatusCode.Created, keyed.StatusCode);
        var body = await keyed.Content.ReadAsStringAsync(Cancel);
        Assert.DoesNotContain("hf_secret_value_123", body);
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("auth_value_set").GetBoolean());

        // Adding the same server twice to the same team is a conflict.
        using var again = await asAlice.PostAsync("/catalog/deepwiki/add", null, Cancel);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }
}
