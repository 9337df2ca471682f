using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpGateway.Contracts;
using McpGateway.Teams.Teams;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Teams.Tests;

/// <summary>What phase 2's consumers of the auth service's user events will call: each step idempotent.</summary>
public abstract class UserLifecycleTests(TeamsFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private readonly Scenario _scenario = new(factory);

    private async Task WithLifecycleAsync(Func<UserLifecycle, Task> act)
    {
        using var scope = factory.Services.CreateScope();
        await act(scope.ServiceProvider.GetRequiredService<UserLifecycle>());
    }

    [Fact]
    public async Task A_created_user_gets_one_personal_team_however_often_the_event_arrives()
    {
        var email = Scenario.NewEmail("new");
        var created = new UserCreated(email, "New Person", false, "local");

        await WithLifecycleAsync(l => l.OnCreatedAsync(created, Cancel));
        await WithLifecycleAsync(l => l.OnCreatedAsync(created, Cancel));

        using var client = factory.As(email);
        var teams = await client.GetFromJsonAsync<JsonElement>("/teams", Cancel);
        var personal = Assert.Single(teams.GetProperty("teams").EnumerateArray());
        Assert.True(personal.GetProperty("is_personal").GetBoolean());
        Assert.Equal("New Person's Team", personal.GetProperty("name").GetString());
        Assert.Contains("tools.create", (await client.GetFromJsonAsync<string[]>($"/rbac/my/permissions?team_id={personal.GetProperty("id").GetString()}", Cancel))!);
    }

    [Fact]
    public async Task An_admin_account_holds_platform_admin_and_loses_it_with_the_flag()
    {
        var email = Scenario.NewEmail("boss");
        using var client = factory.As(email);

        await WithLifecycleAsync(l => l.OnCreatedAsync(new UserCreated(email, null, true, "local"), Cancel));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/rbac/audit", Cancel)).StatusCode);

        await WithLifecycleAsync(l => l.OnUpdatedAsync(new UserUpdated(email, null, false), Cancel));
        await WithLifecycleAsync(l => l.OnUpdatedAsync(new UserUpdated(email, null, false), Cancel));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/rbac/audit", Cancel)).StatusCode);
    }

    [Fact]
    public async Task The_configured_platform_admin_stays_one_whatever_the_flag_says()
    {
        await WithLifecycleAsync(l => l.OnUpdatedAsync(new UserUpdated(TeamsFactory.PlatformAdmin, null, false), Cancel));

        using var admin = _scenario.Admin;
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/rbac/audit", Cancel)).StatusCode);
        var roles = (await admin.GetFromJsonAsync<JsonElement[]>("/rbac/my/roles", Cancel))!;
        Assert.Contains(roles, r => r.GetProperty("role_id").GetString() == "platform_admin");
    }

    [Fact]
    public async Task A_deleted_user_leaves_every_team_and_loses_every_grant()
    {
        var owner = Scenario.NewEmail("owner");
        var gone = Scenario.NewEmail("gone");
        var teamId = await _scenario.CreateTeamAsync(owner);
        await _scenario.AddMemberAsync(teamId, owner, gone);
        await _scenario.GrantAsync(gone, "developer", "team", teamId);
        await WithLifecycleAsync(l => l.OnCreatedAsync(new UserCreated(gone, null, false, "local"), Cancel));

        await WithLifecycleAsync(l => l.OnDeletedAsync(new UserDeleted(gone), Cancel));
        await WithLifecycleAsync(l => l.OnDeletedAsync(new UserDeleted(gone), Cancel));

        using var client = factory.As(gone);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/teams", Cancel)).GetProperty("total").GetInt32());
        Assert.Empty((await client.GetFromJsonAsync<JsonElement[]>("/rbac/my/roles", Cancel))!);
        var members = (await factory.As(owner).GetFromJsonAsync<JsonElement[]>($"/teams/{teamId}/members", Cancel))!;
        Assert.DoesNotContain(members, m => m.GetProperty("user_email").GetString() == gone);
    }
}

public sealed class UserLifecycleOnSqliteTests(SqliteTeamsFactory factory) : UserLifecycleTests(factory), IClassFixture<SqliteTeamsFactory>;

public sealed class UserLifecycleOnPostgresTests : UserLifecycleTests, IClassFixture<PostgresTeamsFactory>
{
    public UserLifecycleOnPostgresTests(PostgresTeamsFactory factory) : base(factory) => factory.Require();
}
