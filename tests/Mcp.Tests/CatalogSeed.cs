using McpGateway.Catalog.Federation;
using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.Model;
using McpGateway.Catalog.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Mcp.Tests;

/// <summary>Writes catalog rows through the service's own DbContext, as the catalog API would, and runs discovery.</summary>
public sealed class CatalogSeed(IServiceProvider services)
{
    public async Task<Gateway> GatewayAsync(Uri url, string slug, string owner, string? teamId = null, Visibility visibility = Visibility.Public,
        string authType = "bearer", string? authValue = "upstream-secret", string transport = "streamablehttp")
    {
        var gateway = new Gateway
        {
            Name = slug, Slug = slug, Url = url.AbsoluteUri, Transport = transport, AuthType = authType,
            // Sealed as the catalog API stores it (only bearer tokens are seeded here).
            AuthValue = authValue is null ? null
                : services.GetRequiredService<CredentialVault>().Seal(new UpstreamCredentials { Type = authType, Token = authValue }),
            OwnerEmail = owner, TeamId = teamId, Visibility = visibility,
        };
        await WriteAsync(db => db.Gateways.Add(gateway));
        return gateway;
    }

    public async Task<FederationResult> RegisterAsync(string gatewayId)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IGatewayFederation>().RegisterAsync(gatewayId, TestContext.Current.CancellationToken);
    }

    /// <summary>A virtual server offering every tool, resource and prompt of <paramref name="gatewayId"/> (or those chosen).</summary>
    public async Task<Server> ServerAsync(string owner, string? gatewayId, string? teamId = null, Visibility visibility = Visibility.Public,
        Func<Tool, bool>? tools = null)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogContext>();
        var server = new Server
        {
            Name = $"virtual-{Guid.NewGuid():N}"[..16], OwnerEmail = owner, TeamId = teamId, Visibility = visibility,
            Tools = (await db.Tools.Where(t => t.GatewayId == gatewayId).ToListAsync()).Where(tools ?? (_ => true)).ToList(),
            Resources = await db.Resources.Where(r => r.GatewayId == gatewayId).ToListAsync(),
            Prompts = await db.Prompts.Where(p => p.GatewayId == gatewayId).ToListAsync(),
        };
        db.Servers.Add(server);
        await db.SaveChangesAsync();
        return server;
    }

    public Task UpdateToolAsync(string name, Action<Tool> change) =>
        WriteAsync(async db => change(await db.Tools.SingleAsync(t => t.Name == name)));

    public async Task<T> ReadAsync<T>(Func<CatalogContext, Task<T>> read)
    {
        await using var scope = services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<CatalogContext>());
    }

    public Task WriteAsync(Action<CatalogContext> write) => WriteAsync(db =>
    {
        write(db);
        return Task.CompletedTask;
    });

    public async Task WriteAsync(Func<CatalogContext, Task> write)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogContext>();
        await write(db);
        await db.SaveChangesAsync();
    }
}
