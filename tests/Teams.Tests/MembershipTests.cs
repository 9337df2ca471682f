using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpGateway.Teams.Infrastructure;
using McpGateway.Teams.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Teams.Tests;

/// <summary>Members, the last-owner rule, invitations and join requests.</summary>
public abstract class MembershipTests(TeamsFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private readonly Scenario _scenario = new(factory);

    [Fact]
    public async Task The_last_owner_can_neither_leave_nor_be_demoted_nor_removed()
    {
        var owner = Scenario.NewEmail("last");
        var teamId = await _scenario.CreateTeamAsync(owner);
        using var client = factory.As(owner);

        using var leave = await client.PostAsync($"/teams/{teamId}/leave", null, Cancel);
        using var demote = await client.PutAsJsonAsync($"/teams/{teamId}/members/{owner}", new { role = "member" }, Cancel);
        using var remove = await client.DeleteAsync($"/teams/{teamId}/members/{owner}", Cancel);

        Assert.Equal(HttpStatusCode.Conflict, leave.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, remove.StatusCode);
    }

    [Fact]
    public async Task With_a_second_owner_the_first_may_step_down_and_leave()
    {
        var owner = Scenario.NewEmail("first");
        var second = Scenario.NewEmail("second");
        var teamId = await _scenario.CreateTeamAsync(owner);
        await _scenario.AddMemberAsync(teamId, owner, second, "owner");
        using var client = factory.As(owner);

        using var demote = await client.PutAsJsonAsync($"/teams/{teamId}/members/{owner}", new { role = "member" }, Cancel);
        using var leave = await client.PostAsync($"/teams/{teamId}/leave", null, Cancel);
        using var after = await client.GetAsync($"/teams/{teamId}", Cancel);

        Assert.Equal(HttpStatusCode.OK, demote.StatusCode);
        Assert.Equal("member", (await Scenario.JsonAsync(demote)).GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.NoContent, leave.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task A_removed_member_loses_the_team_and_the_roles_granted_in_it_at_once()
    {
        var owner = Scenario.NewEmail("lead");
        var dev = Scenario.NewEmail("dev");
        var teamId = await _scenario.CreateTeamAsync(owner);
        await _scenario.AddMemberAsync(teamId, owner, dev);
        await _scenario.GrantAsync(dev, "developer", "team", teamId);
        using var devClient = factory.As(dev);
        Assert.Contains("tools.create", (await devClient.GetFromJsonAsync<string[]>($"/rbac/my/permissions?team_id={teamId}", Cancel))!);

        using var ownerClient = factory.As(owner);
        using var remove = await ownerClient.DeleteAsync($"/teams/{teamId}/members/{dev}", Cancel);

        Assert.Equal(HttpStatusCode.NoContent, remove.StatusCode);
        Assert.Empty((await devClient.GetFromJsonAsync<string[]>($"/rbac/my/permissions?team_id={teamId}", Cancel))!);
        Assert.Empty((await devClient.GetFromJsonAsync<JsonElement[]>("/rbac/my/roles", Cancel))!);
    }

    [Fact]
    public async Task A_team_takes_no_more_than_its_max_members()
    {
        var owner = Scenario.NewEmail("small");
        using var client = factory.As(owner);
        var team = await Scenario.JsonAsync(await client.PostAsJsonAsync("/teams", new { name = "Small", max_members = 2 }, Cancel));
        var teamId = team.GetProperty("id").GetString()!;
        await _scenario.AddMemberAsync(teamId, owner, Scenario.NewEmail("m"));

        using var third = await client.PostAsJsonAsync($"/teams/{teamId}/members", new { email = Scenario.NewEmail("m") }, Cancel);
        using var again = await client.PostAsJsonAsync($"/teams/{teamId}/members", new { email = owner }, Cancel);

        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task An_invitation_is_accepted_once_by_the_invited_user_and_never_cached()
    {
        var owner = Scenario.NewEmail("inviter");
        var invitee = Scenario.NewEmail("invitee");
        var teamId = await _scenario.CreateTeamAsync(owner);
        using var ownerClient = factory.As(owner);

        using var invited = await ownerClient.PostAsJsonAsync($"/teams/{teamId}/invitations", new { email = invitee.ToUpperInvariant(), role = "owner" }, Cancel);
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        Assert.Equal("no-store", invited.Headers.CacheControl?.ToString());
        var invitation = await Scenario.JsonAsync(invited);
        var token = invitation.GetProperty("token").GetString()!;
        Assert.Equal(invitee, invitation.GetProperty("email").GetString());
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TeamsContext>();
            var stored = await db.TeamInvitations.SingleAsync(i => i.Id == invitation.GetProperty("id").GetString(), Cancel);
            Assert.Equal(Invitations.Hash(token), stored.TokenHash);
            Assert.DoesNotContain(token, stored.TokenHash);
        }

        using var wrongUser = await factory.As(Scenario.NewEmail("thief")).PostAsync($"/teams/invitations/{token}/accept", null, Cancel);
        using var inviteeClient = factory.As(invitee);
        using var accepted = await inviteeClient.PostAsync($"/teams/invitations/{token}/accept", null, Cancel);
        using var replay = await inviteeClient.PostAsync($"/teams/invitations/{token}/accept", null, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, wrongUser.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("no-store", accepted.Headers.CacheControl?.ToString());
        Assert.Equal("owner", (await Scenario.JsonAsync(accepted)).GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.NotFound, replay.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await inviteeClient.GetAsync($"/teams/{teamId}", Cancel)).StatusCode);
    }

    [Fact]
    public async Task An_owner_lists_the_open_invitations_without_tokens_and_a_revoked_one_cannot_be_accepted()
    {
        var owner = Scenario.NewEmail("inviter");
        var (kept, revoked) = (Scenario.NewEmail("kept"), Scenario.NewEmail("revoked"));
        var teamId = await _scenario.CreateTeamAsync(owner);
        using var ownerClient = factory.As(owner);
        await Scenario.JsonAsync(await ownerClient.PostAsJsonAsync($"/teams/{teamId}/invitations", new { email = kept }, Cancel));
        var toRevoke = await Scenario.JsonAsync(await ownerClient.PostAsJsonAsync($"/teams/{teamId}/invitations", new { email = revoked }, Cancel));
        var id = toRevoke.GetProperty("id").GetString()!;

        using var listed = await ownerClient.GetAsync($"/teams/{teamId}/invitations", Cancel);
        var open = await Scenario.JsonAsync(listed);
        Assert.Equal("no-store", listed.Headers.CacheControl?.ToString());
        Assert.Equal([revoked, kept], open.EnumerateArray().Select(i => i.GetProperty("email").GetString()));
        Assert.All(open.EnumerateArray(), i => Assert.Equal(JsonValueKind.Null, i.GetProperty("token").ValueKind));

        using var revoke = await ownerClient.DeleteAsync($"/teams/{teamId}/invitations/{id}", Cancel);
        using var again = await ownerClient.DeleteAsync($"/teams/{teamId}/invitations/{id}", Cancel);
        using var accept = await factory.As(revoked).PostAsync($"/teams/invitations/{toRevoke.GetProperty("token").GetString()}/accept", null, Cancel);
        var after = await Scenario.JsonAsync(await ownerClient.GetAsync($"/teams/{teamId}/invitations", Cancel));

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.False((await Scenario.JsonAsync(revoke)).GetProperty("is_active").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, accept.StatusCode);
        Assert.Equal([kept], after.EnumerateArray().Select(i => i.GetProperty("email").GetString()));
    }

    [Fact]
    public async Task An_expired_invitation_cannot_be_accepted()
    {
        var owner = Scenario.NewEmail("inviter");
        var invitee = Scenario.NewEmail("late");
        var teamId = await _scenario.CreateTeamAsync(owner);
        using var ownerClient = factory.As(owner);
        var invitation = await Scenario.JsonAsync(await ownerClient.PostAsJsonAsync($"/teams/{teamId}/invitations", new { email = invitee }, Cancel));
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TeamsContext>();
            var stored = await db.TeamInvitations.SingleAsync(i => i.Id == invitation.GetProperty("id").GetString(), Cancel);
            stored.ExpiresAt = DateTime.UtcNow.AddMinutes(-1);
            await db.SaveChangesAsync(Cancel);
        }

        using var response = await factory.As(invitee).PostAsync($"/teams/invitations/{invitation.GetProperty("token").GetString()}/accept", null, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_join_request_to_a_public_team_is_approved_by_an_owner()
    {
        var owner = Scenario.NewEmail("gate");
        var joiner = Scenario.NewEmail("joiner");
        var teamId = await _scenario.CreateTeamAsync(owner, "public");
        using var joinerClient = factory.As(joiner);
        using var ownerClient = factory.As(owner);

        using var asked = await joinerClient.PostAsJsonAsync($"/teams/{teamId}/join", new { message = "Let me in\nplease" }, Cancel);
        using var twice = await joinerClient.PostAsJsonAsync($"/teams/{teamId}/join", new { message = "again" }, Cancel);
        using var joinerLists = await joinerClient.GetAsync($"/teams/{teamId}/join-requests", Cancel);
        var pending = (await ownerClient.GetFromJsonAsync<JsonElement[]>($"/teams/{teamId}/join-requests", Cancel))!;
        var request = await Scenario.JsonAsync(asked);
        var requestId = request.GetProperty("id").GetString();
        using var approved = await ownerClient.PostAsync($"/teams/{teamId}/join-requests/{requestId}/approve", null, Cancel);
        using var approvedAgain = await ownerClient.PostAsync($"/teams/{teamId}/join-requests/{requestId}/approve", null, Cancel);

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Equal("pending", request.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, joinerLists.StatusCode);
        Assert.Equal(requestId, Assert.Single(pending).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, approvedAgain.StatusCode);
        var members = (await joinerClient.GetFromJsonAsync<JsonElement[]>($"/teams/{teamId}/members", Cancel))!;
        Assert.Contains(members, m => m.GetProperty("user_email").GetString() == joiner && m.GetProperty("role").GetString() == "member");
    }

    [Fact]
    public async Task A_rejected_join_request_leaves_the_user_outside()
    {
        var owner = Scenario.NewEmail("gate");
        var joiner = Scenario.NewEmail("rejected");
        var teamId = await _scenario.CreateTeamAsync(owner, "public");
        using var joinerClient = factory.As(joiner);
        var requestId = (await Scenario.JsonAsync(await joinerClient.PostAsJsonAsync($"/teams/{teamId}/join", new { }, Cancel))).GetProperty("id").GetString();

        using var rejected = await factory.As(owner).PostAsync($"/teams/{teamId}/join-requests/{requestId}/reject", null, Cancel);
        using var members = await joinerClient.GetAsync($"/teams/{teamId}/members", Cancel);

        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal("rejected", (await Scenario.JsonAsync(rejected)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, members.StatusCode);
    }

    [Fact]
    public async Task A_private_team_takes_no_join_requests_and_does_not_reveal_itself()
    {
        var owner = Scenario.NewEmail("quiet");
        var teamId = await _scenario.CreateTeamAsync(owner, "private");

        using var response = await factory.As(Scenario.NewEmail("nosy")).PostAsJsonAsync($"/teams/{teamId}/join", new { }, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"email": "not-an-email"}""")]
    [InlineData("""{"email": "a\u0000@example.com"}""")]
    [InlineData("""{"email": "ok@example.com", "role": "admin"}""")]
    [InlineData("""{"email": "ok@example.com", "role": "0"}""")]
    public async Task Bad_member_input_is_400(string body)
    {
        var owner = Scenario.NewEmail("strict");
        var teamId = await _scenario.CreateTeamAsync(owner);
        using var client = factory.As(owner);

        using var response = await client.PostAsync($"/teams/{teamId}/members", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);
        using var invite = await client.PostAsync($"/teams/{teamId}/invitations", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invite.StatusCode);
    }
}

public sealed class MembershipOnSqliteTests(SqliteTeamsFactory factory) : MembershipTests(factory), IClassFixture<SqliteTeamsFactory>;

public sealed class MembershipOnPostgresTests : MembershipTests, IClassFixture<PostgresTeamsFactory>
{
    public MembershipOnPostgresTests(PostgresTeamsFactory factory) : base(factory) => factory.Require();
}
