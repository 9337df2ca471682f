using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.Model;
using McpGateway.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Catalog.Tests;

/// <summary>
/// The v0.6 → v0.7 upgrade as a Kubernetes Job runs it: the real service executable's `verify` and `fix` against the
/// database the service uses, with entities left without a team (single-tenant data).
/// </summary>
public abstract class TenancyCommandTests(CatalogFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<ProcessResult> RunAsync(string command, string admin) =>
        await ServiceProcess.RunAsync(CatalogContext.ServiceName, new Dictionary<string, string>
        {
            ["ConnectionStrings__catalogdb"] = factory.CatalogConnectionString,
            ["PLATFORM_ADMIN_EMAIL"] = admin,
        }, TimeSpan.FromMinutes(2), command);

    [Fact]
    public async Task Verify_reports_orphans_and_fails_fix_places_them_in_the_admin_s_personal_team_then_verify_passes()
    {
        using var client = factory.CreateClient(); // the service migrated the database
        var admin = CatalogApiTests.NewEmail("upgrader");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var created = new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        var tool = new Tool { Name = $"legacy-tool-{tag}", OriginalName = $"legacy-tool-{tag}", OwnerEmail = "", TeamId = null, CreatedAt = created, UpdatedAt = created };
        var server = new Server { Name = $"legacy-server-{tag}", OwnerEmail = "someone@example.com", TeamId = null, Visibility = Visibility.Private, CreatedAt = created, UpdatedAt = created };
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogContext>();
            db.AddRange(tool, server);
            await db.SaveChangesAsync(Cancel);
        }

        var unknownTeam = await RunAsync("verify", admin);
        Assert.True(unknownTeam.ExitCode == 3, unknownTeam.ToString());
        Assert.Contains("NOT KNOWN", unknownTeam.Output);
        Assert.Contains(tool.Id, unknownTeam.Output);

        var team = await factory.NewUserAsync(admin);
        var verify = await RunAsync("verify", admin);
        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains(admin, verify.Output);
        Assert.Contains(team, verify.Output);
        Assert.Contains(tool.Id, verify.Output);
        Assert.Contains(server.Name, verify.Output);

        var fix = await RunAsync("fix", admin);
        Assert.True(fix.ExitCode == 0, fix.ToString());
        var again = await RunAsync("verify", admin);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("OK", again.Output);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogContext>();
            var fixedTool = await db.Tools.AsNoTracking().SingleAsync(t => t.Id == tool.Id, Cancel);
            Assert.Equal(team, fixedTool.TeamId);
            Assert.Equal(Visibility.Public, fixedTool.Visibility);
            Assert.Equal(admin, fixedTool.OwnerEmail);
            var fixedServer = await db.Servers.AsNoTracking().SingleAsync(s => s.Id == server.Id, Cancel);
            Assert.Equal(team, fixedServer.TeamId);
            Assert.Equal(Visibility.Public, fixedServer.Visibility); // it had no team: everyone who used it still can
            Assert.Equal("someone@example.com", fixedServer.OwnerEmail);
        }
    }
}

public sealed class TenancyCommandOnSqliteTests(SqliteCatalogFactory factory) : TenancyCommandTests(factory), IClassFixture<SqliteCatalogFactory>;

public sealed class TenancyCommandOnPostgresTests : TenancyCommandTests, IClassFixture<PostgresCatalogFactory>
{
    public TenancyCommandOnPostgresTests(PostgresCatalogFactory factory) : base(factory) => factory.Require();
}
