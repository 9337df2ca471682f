using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using McpGateway.ServiceDefaults.Messaging;
using McpGateway.Teams.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Teams.Tests;

/// <summary>Roles, grants, permission queries, token narrowing and the audit log, through the API.</summary>
public abstract class RbacApiTests(TeamsFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private readonly Scenario _scenario = new(factory);

    [Fact]
    public async Task The_built_in_roles_carry_ContextForges_names_and_cannot_be_changed_or_deleted()
    {
        using var admin = _scenario.Admin;

        var roles = (await admin.GetFromJsonAsync<JsonElement[]>("/rbac/roles", Cancel))!;
        using var change = await admin.PutAsJsonAsync("/rbac/roles/viewer", new { permissions = new[] { "*" } }, Cancel);
        using var delete = await admin.DeleteAsync("/rbac/roles/developer", Cancel);

        var byName = roles.Where(r => r.GetProperty("is_system_role").GetBoolean()).ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.Equal(["developer", "platform_admin", "team_admin", "viewer"], byName.Keys.Order());
        Assert.Equal(["*"], byName["platform_admin"].GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        var viewer = byName["viewer"].GetProperty("permissions").EnumerateArray().Select(p => p.GetString()).ToList();
        var developer = byName["developer"].GetProperty("permissions").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Contains("tools.read", viewer);
        Assert.DoesNotContain("tools.execute", viewer);
        Assert.DoesNotContain(viewer, p => p!.EndsWith(".create") || p.EndsWith(".update") || p.EndsWith(".delete"));
        Assert.Contains("tools.execute", developer);
        Assert.Contains("tools.create", developer);
        Assert.Equal(HttpStatusCode.Conflict, change.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
    }

    [Fact]
    public async Task A_custom_role_is_created_granted_changed_and_deleted_and_each_step_reaches_decisions_at_once()
    {
        using var admin = _scenario.Admin;
        var user = Scenario.NewEmail("ops");
        using var userClient = factory.As(user);

        using var created = await admin.PostAsJsonAsync("/rbac/roles", new { name = $"ops-{Guid.NewGuid():N}", scope = "global", permissions = new[] { "gateways.read", "gateways.read" } }, Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var role = await Scenario.JsonAsync(created);
        var roleId = role.GetProperty("id").GetString();
        Assert.Equal(["gateways.read"], role.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));

        using var granted = await admin.PostAsJsonAsync($"/rbac/users/{user}/roles", new { role_id = roleId, scope = "global" }, Cancel);
        Assert.Equal(HttpStatusCode.Created, granted.StatusCode);
        Assert.Contains("gateways.read", (await userClient.GetFromJsonAsync<string[]>("/rbac/my/permissions", Cancel))!);

        using var changed = await admin.PutAsJsonAsync($"/rbac/roles/{roleId}", new { permissions = new[] { "gateways.update" } }, Cancel);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var now = (await userClient.GetFromJsonAsync<string[]>("/rbac/my/permissions", Cancel))!;
        Assert.Contains("gateways.update", now);
        Assert.DoesNotContain("gateways.read", now);

        using var deleted = await admin.DeleteAsync($"/rbac/roles/{roleId}", Cancel);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.DoesNotContain("gateways.update", (await userClient.GetFromJsonAsync<string[]>("/rbac/my/permissions", Cancel))!);
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TeamsContext>();
            var events = await db.Set<OutboxMessage>().Where(m => m.Payload.Contains(roleId!)).Select(m => m.Type).ToListAsync(Cancel);
            Assert.Contains("McpGateway.Contracts.RoleAssigned", events);
            Assert.Contains("McpGateway.Contracts.RoleUpdated", events);
            Assert.Contains("McpGateway.Contracts.RoleRevoked", events);
        }
    }

    [Theory]
    [InlineData("""{"name": "x", "scope": "galaxy", "permissions": []}""", "scope")]
    [InlineData("""{"name": "x", "scope": "team", "permissions": ["tools.fly"]}""", "permissions")]
    [InlineData("""{"name": "x", "scope": "team", "permissions": ["tools.read\u0000"]}""", "permissions")]
    [InlineData("""{"name": "x\u0000", "scope": "team", "permissions": []}""", "name")]
    [InlineData("""{"name": "x", "scope": "team", "permissions": [], "inherits_from": "nope"}""", "inherits_from")]
    public async Task Bad_roles_are_400(string body, string field)
    {
        using var admin = _scenario.Admin;

        using var response = await admin.PostAsync("/rbac/roles", new StringContent(body, Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Scenario.JsonAsync(response)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_role_cannot_inherit_from_itself_through_others()
    {
        using var admin = _scenario.Admin;
        var a = (await Scenario.JsonAsync(await admin.PostAsJsonAsync("/rbac/roles", new { name = $"a-{Guid.NewGuid():N}", scope = "team", permissions = new[] { "tools.read" } }, Cancel))).GetProperty("id").GetString();
        var b = await Scenario.JsonAsync(await admin.PostAsJsonAsync("/rbac/roles", new { name = $"b-{Guid.NewGuid():N}", scope = "team", permissions = new[] { "tools.execute" }, inherits_from = a }, Cancel));

        using var loop = await admin.PutAsJsonAsync($"/rbac/roles/{a}", new { inherits_from = b.GetProperty("id").GetString() }, Cancel);
        using var deleteParent = await admin.DeleteAsync($"/rbac/roles/{a}", Cancel);

        Assert.Equal(["tools.execute", "tools.read"], b.GetProperty("effective_permissions").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, loop.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, deleteParent.StatusCode);
    }

    [Fact]
    public async Task An_owner_grants_team_roles_in_their_team_but_never_more_than_they_hold()
    {
        var owner = Scenario.NewEmail("owner");
        var member = Scenario.NewEmail("member");
        var teamId = await _scenario.CreateTeamAsync(owner);
        await _scenario.AddMemberAsync(teamId, owner, member);
        using var admin = _scenario.Admin;
        var mighty = (await Scenario.JsonAsync(await admin.PostAsJsonAsync("/rbac/roles", new { name = $"mighty-{Guid.NewGuid():N}", scope = "team", permissions = new[] { "*" } }, Cancel))).GetProperty("id").GetString();
        using var ownerClient = factory.As(owner);
        using var memberClient = factory.As(member);

        using var developer = await ownerClient.PostAsJsonAsync($"/rbac/users/{member}/roles", new { role_id = "developer", scope = "team", scope_id = teamId }, Cancel);
        using var twice = await ownerClient.PostAsJsonAsync($"/rbac/users/{member}/roles", new { role_id = "developer", scope = "team", scope_id = teamId }, Cancel);
        using var beyond = await ownerClient.PostAsJsonAsync($"/rbac/users/{member}/roles", new { role_id = mighty, scope = "team", scope_id = teamId }, Cancel);
        using var global = await ownerClient.PostAsJsonAsync($"/rbac/users/{member}/roles", new { role_id = "platform_admin", scope = "global" }, Cancel);
        using var byMember = await memberClient.PostAsJsonAsync($"/rbac/users/{owner}/roles", new { role_id = "viewer", scope = "team", scope_id = teamId }, Cancel);
        using var outsider = await ownerClient.PostAsJsonAsync($"/rbac/users/{Scenario.NewEmail("x")}/roles", new { role_id = "viewer", scope = "team", scope_id = teamId }, Cancel);

        Assert.Equal(HttpStatusCode.Created, developer.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, beyond.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, global.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, outsider.StatusCode);
        Assert.Contains("tools.create", (await memberClient.GetFromJsonAsync<string[]>($"/rbac/my/permissions?team_id={teamId}", Cancel))!);

        using var revoke = await ownerClient.DeleteAsync($"/rbac/users/{member}/roles/developer?scope=team&scope_id={teamId}", Cancel);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.DoesNotContain("tools.create", (await memberClient.GetFromJsonAsync<string[]>($"/rbac/my/permissions?team_id={teamId}", Cancel))!);
    }

    [Fact]
    public async Task The_configured_platform_admin_keeps_platform_admin()
    {
        using var admin = _scenario.Admin;

        using var response = await admin.DeleteAsync($"/rbac/users/{TeamsFactory.PlatformAdmin}/roles/platform_admin", Cancel);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task A_granted_platform_admin_is_one_everywhere_until_revoked()
    {
        var deputy = Scenario.NewEmail("deputy");
        await _scenario.GrantAsync(deputy, "platform_admin", "global");
        using var deputyClient = factory.As(deputy);
        Assert.Equal(HttpStatusCode.OK, (await deputyClient.GetAsync("/rbac/audit", Cancel)).StatusCode);

        using var admin = _scenario.Admin;
        using var revoke = await admin.DeleteAsync($"/rbac/users/{deputy}/roles/platform_admin", Cancel);

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await deputyClient.GetAsync("/rbac/audit", Cancel)).StatusCode);
    }

    [Fact]
    public async Task The_is_admin_claim_alone_makes_nobody_an_admin()
    {
        using var pretender = factory.ClientWith(factory.Tokens.User(Scenario.NewEmail("pretender"), isAdmin: true));

        using var response = await pretender.GetAsync("/rbac/audit", Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_configured_Basic_pair_is_the_platform_admin()
    {
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:changeme")));

        using var response = await client.GetAsync("/rbac/audit", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_token_naming_a_team_its_user_is_not_in_gains_nothing_there()
    {
        var owner = Scenario.NewEmail("owner");
        var stranger = Scenario.NewEmail("stranger");
        var teamId = await _scenario.CreateTeamAsync(owner);
        using var token = factory.ClientWith(factory.Tokens.ApiToken(stranger, teamId: teamId, permissions: ["tools.read", "teams.manage_members"]));

        using var team = await token.GetAsync($"/teams/{teamId}", Cancel);
        using var add = await token.PostAsJsonAsync($"/teams/{teamId}/members", new { email = stranger }, Cancel);
        using var check = await token.PostAsJsonAsync("/rbac/permissions/check", new { permission = "tools.read", team_id = teamId }, Cancel);
        var mine = (await token.GetFromJsonAsync<string[]>($"/rbac/my/permissions?team_id={teamId}", Cancel))!;

        Assert.Equal(HttpStatusCode.NotFound, team.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, add.StatusCode);
        Assert.False((await Scenario.JsonAsync(check)).GetProperty("granted").GetBoolean());
        Assert.Empty(mine);
    }

    [Fact]
    public async Task A_token_naming_a_permission_its_user_lacks_gains_nothing()
    {
        var owner = Scenario.NewEmail("owner");
        var member = Scenario.NewEmail("member");
        var teamId = await _scenario.CreateTeamAsync(owner);
        await _scenario.AddMemberAsync(teamId, owner, member);
        using var token = factory.ClientWith(factory.Tokens.ApiToken(member, teamId: teamId, permissions: ["tools.create", "teams.manage_members", "tools.read"]));

        using var add = await token.PostAsJsonAsync($"/teams/{teamId}/members", new { email = Scenario.NewEmail("friend") }, Cancel);
        var check = await Scenario.JsonAsync(await token.PostAsJsonAsync("/rbac/permissions/check", new { permission = "tools.create", team_id = teamId }, Cancel));

        Assert.Equal(HttpStatusCode.Forbidden, add.StatusCode);
        Assert.False(check.GetProperty("granted").GetBoolean());
        Assert.Equal(["tools.read"], (await token.GetFromJsonAsync<string[]>($"/rbac/my/permissions?team_id={teamId}", Cancel))!);
    }

    [Fact]
    public async Task A_team_scoped_token_lists_and_acts_in_its_team_only()
    {
        var owner = Scenario.NewEmail("owner");
        var mine = await _scenario.CreateTeamAsync(owner);
        var other = await _scenario.CreateTeamAsync(owner);
        using var token = factory.ClientWith(factory.Tokens.ApiToken(owner, teamId: mine));

        var teams = await token.GetFromJsonAsync<JsonElement>("/teams", Cancel);
        using var otherTeam = await token.GetAsync($"/teams/{other}", Cancel);
        using var create = await token.PostAsJsonAsync("/teams", new { name = "Escape" }, Cancel);
        using var update = await token.PutAsJsonAsync($"/teams/{mine}", new { description = "fine" }, Cancel);

        Assert.Equal([mine], teams.GetProperty("teams").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        Assert.Equal(1, teams.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, otherTeam.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
    }

    [Fact]
    public async Task A_client_without_a_user_holds_nothing_until_a_role_is_granted_to_it()
    {
        var owner = Scenario.NewEmail("owner");
        var teamId = await _scenario.CreateTeamAsync(owner);
        var clientId = $"ci-{Guid.NewGuid():N}";
        using var client = factory.ClientWith(factory.Tokens.Client(clientId));

        Assert.Empty((await client.GetFromJsonAsync<string[]>("/rbac/my/permissions", Cancel))!);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/teams", new { name = "Bot team" }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/teams/{teamId}", Cancel)).StatusCode);

        await _scenario.GrantAsync(clientId, "developer", "team", teamId);

        var check = await Scenario.JsonAsync(await client.PostAsJsonAsync("/rbac/permissions/check", new { permission = "tools.execute", team_id = teamId }, Cancel));
        Assert.True(check.GetProperty("granted").GetBoolean());
        Assert.Equal(clientId, check.GetProperty("user_email").GetString());
    }

    [Fact]
    public async Task An_auditor_checks_and_lists_anyones_permissions()
    {
        var owner = Scenario.NewEmail("owner");
        var teamId = await _scenario.CreateTeamAsync(owner);
        using var admin = _scenario.Admin;

        var check = await Scenario.JsonAsync(await admin.PostAsJsonAsync("/rbac/permissions/check", new { user_email = owner, permission = "teams.delete", team_id = teamId }, Cancel));
        var unknown = await Scenario.JsonAsync(await admin.PostAsJsonAsync("/rbac/permissions/check", new { user_email = owner, permission = "teams.explode", team_id = teamId }, Cancel));
        var listed = (await admin.GetFromJsonAsync<string[]>($"/rbac/permissions/user/{owner}?team_id={teamId}", Cancel))!;

        Assert.True(check.GetProperty("granted").GetBoolean());
        Assert.Equal(TeamsFactory.PlatformAdmin, check.GetProperty("checked_by").GetString());
        Assert.False(unknown.GetProperty("granted").GetBoolean());
        Assert.Contains("teams.delete", listed);
        Assert.Contains("tools.create", listed);
        Assert.DoesNotContain("admin.security_audit", listed);
    }

    [Fact]
    public async Task Grants_revocations_membership_changes_and_denials_are_audited_and_filterable()
    {
        var owner = Scenario.NewEmail("owner");
        var member = Scenario.NewEmail("member");
        var teamId = await _scenario.CreateTeamAsync(owner);
        await _scenario.AddMemberAsync(teamId, owner, member);
        await _scenario.GrantAsync(member, "developer", "team", teamId);
        using var memberClient = factory.As(member);
        await memberClient.DeleteAsync($"/teams/{teamId}", Cancel);
        using var ownerClient = factory.As(owner);
        await ownerClient.DeleteAsync($"/teams/{teamId}/members/{member}", Cancel);
        using var admin = _scenario.Admin;

        var all = await admin.GetFromJsonAsync<JsonElement>($"/rbac/audit?team_id={teamId}&limit=100", Cancel);
        var denied = await admin.GetFromJsonAsync<JsonElement>($"/rbac/audit?user_email={member}&granted=false", Cancel);
        var page = await admin.GetFromJsonAsync<JsonElement>($"/rbac/audit?team_id={teamId}&skip=1&limit=2", Cancel);
        var future = await admin.GetFromJsonAsync<JsonElement>($"/rbac/audit?team_id={teamId}&since={DateTime.UtcNow.AddHours(1):O}", Cancel);

        var actions = all.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["member.removed", "role.revoked", "role.assigned", "member.added", "member.added"], actions.Where(a => a != "permission.check"));
        var denial = Assert.Single(denied.GetProperty("entries").EnumerateArray());
        Assert.Equal("teams.delete", denial.GetProperty("permission").GetString());
        Assert.Equal(member, denial.GetProperty("user_email").GetString());
        Assert.Equal(all.GetProperty("total").GetInt32(), page.GetProperty("total").GetInt32());
        Assert.Equal(2, page.GetProperty("entries").GetArrayLength());
        Assert.Equal(0, future.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("/rbac/audit?granted=maybe")]
    [InlineData("/rbac/audit?since=yesterday")]
    [InlineData("/rbac/audit?limit=1000")]
    [InlineData("/rbac/audit?user_email=bad%00")]
    public async Task Bad_audit_filters_are_400(string path)
    {
        using var admin = _scenario.Admin;
        using var response = await admin.GetAsync(path, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

public sealed class RbacApiOnSqliteTests(SqliteTeamsFactory factory) : RbacApiTests(factory), IClassFixture<SqliteTeamsFactory>;

public sealed class RbacApiOnPostgresTests : RbacApiTests, IClassFixture<PostgresTeamsFactory>
{
    public RbacApiOnPostgresTests(PostgresTeamsFactory factory) : base(factory) => factory.Require();
}
