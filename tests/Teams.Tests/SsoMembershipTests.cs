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
}

public sealed class SsoMembershipOnSqliteTests(SqliteTeamsFactory factory) : SsoMembershipTests(factory), IClassFixture<SqliteTeamsFactory>;

public sealed class SsoMembershipOnPostgresTests : SsoMembershipTests, IClassFixture<PostgresTeamsFactory>
{
    public SsoMembershipOnPostgresTests(PostgresTeamsFactory factory) : base(factory) => factory.Require();
}
