using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpGateway.Catalog.Infrastructure;
using McpGateway.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Catalog.Tests;

/// <summary>The catalog service's own behaviour, on each database it supports.</summary>
public abstract class CatalogServiceTests(CatalogFactory factory) : ServiceDefaultsContract<Program>(factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_service_migrated_its_database_before_serving()
    {
        using var client = factory.CreateClient(); // starts the host, which migrates first
        using var scope = factory.Services.CreateScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogContext>();

        Assert.Empty(await catalog.Database.GetPendingMigrationsAsync(Cancel));
        Assert.True(await catalog.Database.CanConnectAsync(Cancel));
        await catalog.Tools.CountAsync(Cancel); // the table exists
    }

    [Fact]
    public async Task Times_come_back_from_the_database_as_UTC()
    {
        using var client = factory.CreateClient();
        var created = new DateTime(2026, 11, 21, 12, 30, 0, DateTimeKind.Utc);
        var server = new Model.Server { Name = "utc", OwnerEmail = "a@example.com", CreatedAt = created, UpdatedAt = created };
        using (var scope = factory.Services.CreateScope())
        {
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogContext>();
            catalog.Servers.Add(server);
            await catalog.SaveChangesAsync(Cancel);
        }

        using (var scope = factory.Services.CreateScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<CatalogContext>().Servers.SingleAsync(s => s.Id == server.Id, Cancel);
            Assert.Equal(DateTimeKind.Utc, stored.CreatedAt.Kind);
            Assert.Equal(created, stored.CreatedAt);
        }
    }

    [Fact]
    public async Task Protected_resource_metadata_names_the_server_s_MCP_endpoint_and_the_authorization_server()
    {
        using var client = factory.CreateClient();

        var metadata = await client.GetFromJsonAsync<JsonElement>("/.well-known/oauth-protected-resource/servers/0f8fad5bd9cb469fa16570867728950e/mcp", Cancel);

        // The configured issuer (JWT_ISSUER, else APP_DOMAIN, else http://localhost:4444), whatever host the request used.
        Assert.Equal("http://localhost:4444/servers/0f8fad5bd9cb469fa16570867728950e/mcp", metadata.GetProperty("resource").GetString());
        Assert.Equal(["http://localhost:4444"], metadata.GetProperty("authorization_servers").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["header"], metadata.GetProperty("bearer_methods_supported").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("/.well-known/oauth-protected-resource/servers/not%20an%20id/mcp")]
    [InlineData("/no/such/path")]
    public async Task Unknown_things_are_404_problem_details(string path)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(path, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

public sealed class CatalogServiceOnSqliteTests(SqliteCatalogFactory factory)
    : CatalogServiceTests(factory), IClassFixture<SqliteCatalogFactory>;

public sealed class CatalogServiceOnPostgresTests : CatalogServiceTests, IClassFixture<PostgresCatalogFactory>
{
    public CatalogServiceOnPostgresTests(PostgresCatalogFactory factory) : base(factory) => factory.Require();
}
