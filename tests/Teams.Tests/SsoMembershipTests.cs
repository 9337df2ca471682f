using System.Net.Http.Json;
using System.Text.Json;
using McpGateway.Contracts;
using McpGateway.Teams.Infrastructure;
using McpGateway.Teams.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Teams.Tests;

/// <summary>An identity provider's groups reconciled into team memberships at each sign-in (<see cref="SsoMembershipsAsserted"/>).</summary>
public abstract class SsoMembershipTests(TeamsFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private readonly Scenario _scenario = new(factory);

    private async Task AssertAsync(string email, string provider, params (string Team, string Role)[] memberships)
    {
        using var scope = factory.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<SsoMemberships>()
            .ReconcileAsync(new SsoMembershipsAsserted(email, provider, memberships.Select(m => new AssertedMembership(m.Team, m.Role)).ToList()), Cancel);
    }

    private async Task<Dictionary<string, string>> RolesInAsync(string teamId, string owner)
    {
        var members = (await factory.As(owner).GetFromJsonAsync<JsonElement[]>($"/teams/{teamId}/members", Cancel))!;
        return members.ToDictionary(m => m.GetProperty("user_email").GetString()!, m => m.GetProperty("role").GetString()!);
    }

    private async Task<string> SlugOfAsync(string teamId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TeamsContext>().Teams.Where(t => t.Id == teamId).Select(t => t.Slug).SingleAsync(Cancel);
    }

    [Fact]
    public async Task Mapped_memberships_are_added_by_slug_or_id_and_removed_when_the_provider_stops_asserting_them()
    {
        var owner = Scenario.NewEmail("owner");
        var user = Scenario.NewEmail("sso-user");
        var engineering = await _scenario.CreateTeamAsync(owner);
        var research = await _scenario.CreateTeamAsync(owner);

        await AssertAsync(user, "corp", (await SlugOfAsync(engineering), "member"), (research, "owner"));
        await AssertAsync(user, "corp", (await SlugOfAsync(engineering), "member"), (research, "owner"));
        Assert.Equal("member", (await RolesInAsync(engineering, owner))[user]);
        Assert.Equal("owner", (await RolesInAsync(research, owner))[user]);

        // The group behind research is gone at the provider; engineering's mapping now says owner.
        await AssertAsync(user, "corp", (engineering, "owner"));

        Assert.Equal("owner", (await RolesInAsync(engineering, owner))[user]);
        Assert.DoesNotContain(user, (await RolesInAsync(research, owner)).Keys);
    }

    [Fact]
    public async Task Memberships_granted_by_hand_or_by_another_provider_are_never_removed()
    {
        var owner = Scenario.NewEmail("owner");
        var user = Scenario.NewEmail("both");
        var byHand = await _scenario.CreateTeamAsync(owner);
        var byOther = await _scenario.CreateTeamAsync(owner);
        await _scenario.AddMemberAsync(byHand, owner, user);
        await AssertAsync(user, "github", (byOther, "member"));

        // corp asserts byHand as owner, then nothing: the hand-made membership keeps its role and stays.
        await AssertAsync(user, "corp", (byHand, "owner"));
        await AssertAsync(user, "corp");

        Assert.Equal("member", (await RolesInAsync(byHand, owner))[user]);
        Assert.Equal("member", (await RolesInAsync(byOther, owner))[user]);
    }

    [Fact]
    public async Task Unknown_and_personal_teams_are_skipped_and_the_last_owner_is_kept()
    {
        var user = Scenario.NewEmail("founder");
        await AssertAsync(user, "corp", ("no-such-team", "member"));
        using (var client = factory.As(user))
        {
            Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/teams", Cancel)).GetProperty("total").GetInt32());
        }

        // The provider made them the only owner of a team; when it stops asserting it, they stay (a team needs an owner).
        var owner = Scenario.NewEmail("owner");
        var team = await _scenario.CreateTeamAsync(owner);
        await AssertAsync(user, "corp", (team, "owner"));
        using (var leave = await factory.As(owner).DeleteAsync($"/teams/{team}/members/{owner}", Cancel))
        {
            Assert.True(leave.IsSuccessStatusCode, await leave.Content.ReadAsStringAsync(Cancel));
        }
        await AssertAsync(user, "corp");

        Assert.Equal("owner", (await RolesInAsync(team, user))[user]);
    }

    [Fact]
    public async Task A_mapped_team_that_is_full_is_skipped_logged_and_audited_while_the_rest_of_the_assertion_applies()
    {
        var owner = Scenario.NewEmail("owner");
        var user = Scenario.NewEmail("latecomer");
        var full = await _scenario.CreateTeamAsync(owner);
        var open = await _scenario.CreateTeamAsync(owner);
        using (var limit = await factory.As(owner).PutAsJsonAsync($"/teams/{full}", new { max_members = 2 }, Cancel))
        {
            Assert.True(limit.IsSuccessStatusCode, await limit.Content.ReadAsStringAsync(Cancel));
        }
        await _scenario.AddMemberAsync(full, owner, Scenario.NewEmail("second"));

        await AssertAsync(user, "corp", (full, "member"), (open, "member"));

        Assert.DoesNotContain(user, (await RolesInAsync(full, owner)).Keys);
        Assert.Equal("member", (await RolesInAsync(open, owner))[user]);
        var refused = await AuditAsync(user, granted: false);
        Assert.Equal(full, Assert.Single(refused).GetProperty("team_id").GetString());
    }

    [Fact]
    public async Task Memberships_past_MAX_TEAMS_PER_USER_are_skipped_and_a_removal_in_the_same_assertion_makes_room_first()
    {
        var user = Scenario.NewEmail("busy");
        var teams = new List<string>();
        for (var i = 0; i < TeamsFactory.MaxTeamsPerUser + 1; i++)
        {
            teams.Add(await _scenario.CreateTeamAsync(Scenario.NewEmail($"owner{i}")));
        }
        // The provider asks for one team more than a user may be in: all but one are joined, none twice, nothing fails.
        await AssertAsync(user, "corp", teams.Select(t => (t, "member")).ToArray());
        var joined = await TeamsOfAsync(user);
        Assert.Equal(TeamsFactory.MaxTeamsPerUser, joined.Count);
        var skipped = Assert.Single(teams, t => !joined.Contains(t));
        Assert.Equal(skipped, Assert.Single(await AuditAsync(user, granted: false)).GetProperty("team_id").GetString());

        // At the limit, the provider moves the user from one team to the skipped one: the removal makes the room.
        var dropped = joined[0];
        await AssertAsync(user, "corp", teams.Where(t => t != dropped).Select(t => (t, "member")).ToArray());
        var now = await TeamsOfAsync(user);
        Assert.Equal(TeamsFactory.MaxTeamsPerUser, now.Count);
        Assert.Contains(skipped, now);
        Assert.DoesNotContain(dropped, now);
    }

    [Fact]
    public async Task Deleting_a_provider_removes_the_memberships_it_granted_and_no_others()
    {
        var owner = Scenario.NewEmail("owner");
        var user = Scenario.NewEmail("leaver");
        var granted = await _scenario.CreateTeamAsync(owner);
        var byHand = await _scenario.CreateTeamAsync(owner);
        var byOther = await _scenario.CreateTeamAsync(owner);
        await _scenario.AddMemberAsync(byHand, owner, user);
        await AssertAsync(user, "corp", (granted, "member"), (byHand, "owner"));
        await AssertAsync(user, "github", (byOther, "member"));
        var someoneElse = Scenario.NewEmail("colleague");
        await AssertAsync(someoneElse, "corp", (granted, "member"));

        using (var scope = factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<SsoMemberships>().RevokeAllAsync(new SsoProviderDeleted("corp"), Cancel);
        }

        var members = await RolesInAsync(granted, owner);
        Assert.DoesNotContain(user, members.Keys);
        Assert.DoesNotContain(someoneElse, members.Keys);
        Assert.Equal("member", (await RolesInAsync(byHand, owner))[user]);
        Assert.Equal("member", (await RolesInAsync(byOther, owner))[user]);
    }

    private async Task<List<string>> TeamsOfAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TeamsContext>().TeamMembers.Where(m => m.UserEmail == email).Select(m => m.TeamId).ToListAsync(Cancel);
    }

    private async Task<List<JsonElement>> AuditAsync(string target, bool granted)
    {
        var log = await _scenario.Admin.GetFromJsonAsync<JsonElement>(
            $"/rbac/audit?user_email={Uri.EscapeDataString(target)}&action=member.added&granted={granted.ToString().ToLowerInvariant()}&limit=100", Cancel);
        return log.GetProperty("entries").EnumerateArray().ToList();
    }
}

public sealed class SsoMembershipOnSqliteTests(SqliteTeamsFactory factory) : SsoMembershipTests(factory), IClassFixture<SqliteTeamsFactory>;

public sealed class SsoMembershipOnPostgresTests : SsoMembershipTests, IClassFixture<PostgresTeamsFactory>
{
    public SsoMembershipOnPostgresTests(PostgresTeamsFactory factory) : base(factory) => factory.Require();
}
