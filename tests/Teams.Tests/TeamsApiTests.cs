using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpGateway.ServiceDefaults.Messaging;
using McpGateway.Teams.Infrastructure;
using McpGateway.Teams.Teams;
using McpGateway.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Teams.Tests;

/// <summary>Teams themselves: creating, reading, listing, changing and deleting, personal teams, and the events they publish.</summary>
public abstract class TeamsApiTests(TeamsFactory factory) : ServiceDefaultsContract<Program>(factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private readonly Scenario _scenario = new(factory);

    [Fact]
    public async Task The_seeds_admin_teams_line_works_as_written()
    {
        // curl -X POST http://localhost:4444/admin/teams -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" -d '{...}'
        var owner = Scenario.NewEmail("seed");
        using var client = factory.As(owner);
        using var content = new StringContent("""{"name": "Engineering Team", "description": "Development and engineering resources", "visibility": "private"}""",
            System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/admin/teams", content, Cancel);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var team = await Scenario.JsonAsync(response);
        Assert.Equal("Engineering Team", team.GetProperty("name").GetString());
        Assert.StartsWith("engineering-team", team.GetProperty("slug").GetString());
        Assert.Equal("Development and engineering resources", team.GetProperty("description").GetString());
        Assert.Equal("private", team.GetProperty("visibility").GetString());
        Assert.False(team.GetProperty("is_personal").GetBoolean());
        Assert.Equal(1, team.GetProperty("member_count").GetInt32());
        Assert.Equal(owner, team.GetProperty("created_by").GetString());
        // Read-your-writes: the creator is its owner on the very next request.
        var members = await client.GetFromJsonAsync<JsonElement>($"/teams/{team.GetProperty("id").GetString()}/members", Cancel);
        Assert.Equal("owner", Assert.Single(members.EnumerateArray()).GetProperty("role").GetString());
    }

    [Fact]
    public async Task Creating_a_team_commits_its_events_with_it()
    {
        var owner = Scenario.NewEmail("events");
        var teamId = await _scenario.CreateTeamAsync(owner);

        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TeamsContext>();
        var events = await db.Set<OutboxMessage>().Where(m => m.Payload.Contains(teamId)).Select(m => m.Type).ToListAsync(Cancel);
        Assert.Contains("McpGateway.Contracts.TeamCreated", events);
        Assert.Contains("McpGateway.Contracts.TeamMemberAdded", events);
    }

    [Theory]
    [InlineData("""{"name": ""}""", "name")]
    [InlineData("""{"name": "   "}""", "name")]
    [InlineData("""{"name": "a\u0000b"}""", "name")]
    [InlineData("""{"name": "ok", "description": "bad\u0000"}""", "description")]
    [InlineData("""{"name": "ok", "visibility": "team"}""", "visibility")]
    [InlineData("""{"name": "ok", "visibility": "1"}""", "visibility")]
    [InlineData("""{"name": "ok", "slug": "Invalid_Slug"}""", "slug")]
    [InlineData("""{"name": "ok", "slug": "-edge"}""", "slug")]
    [InlineData("""{"name": "ok", "slug": "x"}""", "slug")]
    [InlineData("""{"name": "ok", "max_members": 0}""", "max_members")]
    [InlineData("""{"name": "ok", "max_members": 100000}""", "max_members")]
    public async Task Bad_input_is_a_400_problem_naming_the_field(string body, string field)
    {
        using var client = factory.As(Scenario.NewEmail("bad"));
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/teams", content, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await Scenario.JsonAsync(response)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"name": "ok", "max_members": "many"}""")]
    [InlineData("")]
    public async Task Malformed_bodies_are_400_not_500(string body)
    {
        using var client = factory.As(Scenario.NewEmail("malformed"));
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/teams", content, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Slugs_follow_ContextForge_and_never_collide()
    {
        var owner = Scenario.NewEmail("slugs");
        using var client = factory.As(owner);
        var name = $"Zürich's Café {Guid.NewGuid():N}";

        var first = await Scenario.JsonAsync(await client.PostAsJsonAsync("/teams", new { name }, Cancel));
        var second = await Scenario.JsonAsync(await client.PostAsJsonAsync("/teams", new { name }, Cancel));
        using var taken = await client.PostAsJsonAsync("/teams", new { name = "Other", slug = first.GetProperty("slug").GetString() }, Cancel);

        Assert.StartsWith("zurichs-cafe-", first.GetProperty("slug").GetString());
        Assert.Equal(first.GetProperty("slug").GetString() + "-2", second.GetProperty("slug").GetString());
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
    }

    [Fact]
    public async Task A_private_team_is_404_to_non_members_and_a_public_one_is_visible()
    {
        var owner = Scenario.NewEmail("owner");
        var privateTeam = await _scenario.CreateTeamAsync(owner, "private");
        var publicTeam = await _scenario.CreateTeamAsync(owner, "public");
        using var stranger = factory.As(Scenario.NewEmail("stranger"));

        using var hidden = await stranger.GetAsync($"/teams/{privateTeam}", Cancel);
        using var missing = await stranger.GetAsync($"/teams/{Guid.NewGuid():N}", Cancel);
        using var shown = await stranger.GetAsync($"/teams/{publicTeam}", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        // The same answer as for a team that does not exist: nothing tells them apart.
        Assert.Equal((await Scenario.JsonAsync(missing)).GetProperty("detail").GetString(), (await Scenario.JsonAsync(hidden)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
    }

    [Fact]
    public async Task Lists_hold_only_the_callers_teams_with_honest_totals_in_a_stable_order()
    {
        var owner = Scenario.NewEmail("lister");
        var other = Scenario.NewEmail("other");
        var ids = new List<string>();
        foreach (var name in new[] { "Charlie", "alpha", "Bravo" })
        {
            ids.Add(await _scenario.CreateTeamAsync(owner, name: name));
        }
        await _scenario.CreateTeamAsync(other, "public", "Not yours");
        using var client = factory.As(owner);

        var first = await client.GetFromJsonAsync<JsonElement>("/teams?skip=0&limit=2", Cancel);
        var second = await client.GetFromJsonAsync<JsonElement>("/teams?skip=2&limit=2", Cancel);

        Assert.Equal(3, first.GetProperty("total").GetInt32());
        var names = first.GetProperty("teams").EnumerateArray().Concat(second.GetProperty("teams").EnumerateArray()).Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Equal(["Bravo", "Charlie", "alpha"], names);
    }

    [Theory]
    [InlineData("/teams?limit=0")]
    [InlineData("/teams?limit=101")]
    [InlineData("/teams?skip=-1")]
    [InlineData("/teams?limit=abc")]
    public async Task Bad_paging_is_400(string path)
    {
        using var client = factory.As(Scenario.NewEmail("pager"));
        using var response = await client.GetAsync(path, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Discover_lists_public_teams_the_caller_is_not_in()
    {
        var owner = Scenario.NewEmail("host");
        var open = await _scenario.CreateTeamAsync(owner, "public");
        var closed = await _scenario.CreateTeamAsync(owner, "private");
        using var stranger = factory.As(Scenario.NewEmail("seeker"));
        using var host = factory.As(owner);

        var seen = (await stranger.GetFromJsonAsync<JsonElement>("/teams/discover?limit=100", Cancel)).EnumerateArray().Select(t => t.GetProperty("id").GetString()).ToList();
        var hostSees = (await host.GetFromJsonAsync<JsonElement>("/teams/discover?limit=100", Cancel)).EnumerateArray().Select(t => t.GetProperty("id").GetString()).ToList();

        Assert.Contains(open, seen);
        Assert.DoesNotContain(closed, seen);
        Assert.DoesNotContain(open, hostSees);
    }

    [Fact]
    public async Task Owners_update_and_delete_their_team_and_members_may_not()
    {
        var owner = Scenario.NewEmail("boss");
        var member = Scenario.NewEmail("crew");
        var teamId = await _scenario.CreateTeamAsync(owner);
        await _scenario.AddMemberAsync(teamId, owner, member);
        using var ownerClient = factory.As(owner);
        using var memberClient = factory.As(member);

        using var memberUpdate = await memberClient.PutAsJsonAsync($"/teams/{teamId}", new { name = "Mine now" }, Cancel);
        using var update = await ownerClient.PutAsJsonAsync($"/teams/{teamId}", new { name = "Renamed", visibility = "public", max_members = 3 }, Cancel);
        using var memberDelete = await memberClient.DeleteAsync($"/teams/{teamId}", Cancel);
        using var delete = await ownerClient.DeleteAsync($"/teams/{teamId}", Cancel);
        using var gone = await ownerClient.GetAsync($"/teams/{teamId}", Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, memberUpdate.StatusCode);
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        var updated = await Scenario.JsonAsync(update);
        Assert.Equal("Renamed", updated.GetProperty("name").GetString());
        Assert.Equal("public", updated.GetProperty("visibility").GetString());
        Assert.Equal(3, updated.GetProperty("max_members").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, memberDelete.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Max_members_cannot_go_below_the_current_count()
    {
        var owner = Scenario.NewEmail("cap");
        var teamId = await _scenario.CreateTeamAsync(owner);
        await _scenario.AddMemberAsync(teamId, owner, Scenario.NewEmail("m"));
        using var client = factory.As(owner);

        using var response = await client.PutAsJsonAsync($"/teams/{teamId}", new { max_members = 1 }, Cancel);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task A_user_belongs_to_at_most_MAX_TEAMS_PER_USER_teams()
    {
        var owner = Scenario.NewEmail("collector");
        for (var i = 0; i < TeamsFactory.MaxTeamsPerUser; i++)
        {
            await _scenario.CreateTeamAsync(owner);
        }
        using var client = factory.As(owner);

        using var response = await client.PostAsJsonAsync("/teams", new { name = "One too many" }, Cancel);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("MAX_TEAMS_PER_USER", (await Scenario.JsonAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_platform_admin_has_a_personal_team_from_the_first_start()
    {
        using var admin = _scenario.Admin;

        var teams = await admin.GetFromJsonAsync<JsonElement>("/teams?limit=100", Cancel);

        var personal = Assert.Single(teams.GetProperty("teams").EnumerateArray(), t => t.GetProperty("is_personal").GetBoolean());
        Assert.Equal("personal-root-example-com", personal.GetProperty("slug").GetString());
        Assert.Equal($"{TeamsFactory.PlatformAdmin}'s Team", personal.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_personal_team_is_created_once_and_cannot_be_deleted_left_joined_or_made_public()
    {
        var email = Scenario.NewEmail("solo");
        string teamId;
        using (var scope = factory.Services.CreateScope())
        {
            var personal = scope.ServiceProvider.GetRequiredService<PersonalTeams>();
            var first = await personal.EnsureForAsync(email, "Solo Person", Cancel);
            var again = await personal.EnsureForAsync(email.ToUpperInvariant(), "Solo Person", Cancel);
            Assert.Equal(first!.Id, again!.Id);
            Assert.Equal("Solo Person's Team", first.Name);
            teamId = first.Id;
        }
        using var owner = factory.As(email);

        using var delete = await owner.DeleteAsync($"/teams/{teamId}", Cancel);
        using var leave = await owner.PostAsync($"/teams/{teamId}/leave", null, Cancel);
        using var publish = await owner.PutAsJsonAsync($"/teams/{teamId}", new { visibility = "public" }, Cancel);
        using var add = await owner.PostAsJsonAsync($"/teams/{teamId}/members", new { email = Scenario.NewEmail("guest") }, Cancel);
        using var invite = await owner.PostAsJsonAsync($"/teams/{teamId}/invitations", new { email = Scenario.NewEmail("guest") }, Cancel);
        using var rename = await owner.PutAsJsonAsync($"/teams/{teamId}", new { name = "My corner" }, Cancel);

        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, leave.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, publish.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, add.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, invite.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
        var team = await owner.GetFromJsonAsync<JsonElement>($"/teams/{teamId}", Cancel);
        Assert.True(team.GetProperty("is_personal").GetBoolean());
        Assert.Equal(1, team.GetProperty("member_count").GetInt32());
    }

    [Fact]
    public async Task Backfill_gives_existing_users_their_personal_team_once()
    {
        var users = new[] { (Scenario.NewEmail("old1"), (string?)null), (Scenario.NewEmail("old2"), (string?)"Old Two") };
        using var scope = factory.Services.CreateScope();
        var personal = scope.ServiceProvider.GetRequiredService<PersonalTeams>();

        Assert.Equal(2, await personal.BackfillAsync(users, Cancel));
        Assert.Equal(0, await personal.BackfillAsync(users, Cancel));
    }
}

public sealed class TeamsApiOnSqliteTests(SqliteTeamsFactory factory) : TeamsApiTests(factory), IClassFixture<SqliteTeamsFactory>;

public sealed class TeamsApiOnPostgresTests : TeamsApiTests, IClassFixture<PostgresTeamsFactory>
{
    public TeamsApiOnPostgresTests(PostgresTeamsFactory factory) : base(factory) => factory.Require();
}
