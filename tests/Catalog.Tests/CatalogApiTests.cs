using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpGateway.Catalog.Infrastructure;
using McpGateway.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Catalog.Tests;

/// <summary>The catalog API as two users in different teams meet it: visibility, permissions, moves, validation, secrets.</summary>
public abstract class CatalogApiTests(CatalogFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static string NewEmail(string who) => $"{who}-{Guid.NewGuid().ToString("N")[..8]}@example.com";

    private static object Tool(string name, string? teamId = null, string? visibility = null) => new
    {
        name, url = "https://api.example.com/run", integration_type = "REST", request_type = "POST", description = "does things",
        input_schema = new { type = "object", properties = new { q = new { type = "string" } } }, tags = new[] { "alpha" }, team_id = teamId, visibility,
    };

    private static async Task<JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(Cancel)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
    }

    private static async Task<List<string>> NamesAsync(HttpClient client, string path)
    {
        var list = await client.GetFromJsonAsync<JsonElement>(path, Cancel);
        return list.EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToList();
    }

    [Fact]
    public async Task A_new_tool_goes_to_the_creator_s_personal_team_as_private_and_only_the_owner_and_admins_see_it()
    {
        var alice = NewEmail("alice");
        var bob = NewEmail("bob");
        var alicesTeam = await factory.NewUserAsync(alice);
        await factory.NewUserAsync(bob);
        using var asAlice = factory.As(alice);
        using var asBob = factory.As(bob);
        using var asAdmin = factory.As(CatalogFactory.PlatformAdmin, isAdmin: true);

        var tool = await CreatedAsync(await asAlice.PostAsJsonAsync("/tools", Tool($"secret-{alice[..13]}"), Cancel));
        var id = tool.GetProperty("id").GetString();

        Assert.Equal(alicesTeam, tool.GetProperty("team_id").GetString());
        Assert.Equal("private", tool.GetProperty("visibility").GetString());
        Assert.Equal(alice, tool.GetProperty("owner_email").GetString());
        Assert.Equal(alice, tool.GetProperty("created_by").GetString());
        Assert.Contains(tool.GetProperty("name").GetString(), await NamesAsync(asAlice, "/tools?limit=100"));
        Assert.DoesNotContain(tool.GetProperty("name").GetString(), await NamesAsync(asBob, "/tools?limit=100"));
        Assert.Equal(HttpStatusCode.OK, (await asAdmin.GetAsync($"/tools/{id}", Cancel)).StatusCode);

        // Not visible is not found, for reads and changes alike: the error reveals nothing.
        foreach (var response in new[]
                 {
                     await asBob.GetAsync($"/tools/{id}", Cancel), await asBob.PutAsJsonAsync($"/tools/{id}", new { description = "x" }, Cancel),
                     await asBob.DeleteAsync($"/tools/{id}", Cancel), await asBob.PostAsync($"/tools/{id}/toggle?activate=false", null, Cancel),
                 })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Team_visibility_reaches_members_a_viewer_cannot_change_a_developer_can_and_public_reaches_everyone()
    {
        var owner = NewEmail("owner");
        var member = NewEmail("member");
        var outsider = NewEmail("outsider");
        foreach (var user in new[] { owner, member, outsider })
        {
            await factory.NewUserAsync(user);
        }
        var team = await factory.NewTeamAsync(owner);
        await factory.HearAsync(new TeamMemberAdded(team, member, "member"));
        using var asOwner = factory.As(owner);
        using var asMember = factory.As(member);
        using var asOutsider = factory.As(outsider);

        var shared = await CreatedAsync(await asOwner.PostAsJsonAsync("/tools", Tool($"shared-{owner[..14]}", team, "team"), Cancel));
        var sharedId = shared.GetProperty("id").GetString();
        var everyone = await CreatedAsync(await asOwner.PostAsJsonAsync("/resources",
            new { uri = $"docs://{Guid.NewGuid():N}", name = "handbook", content = "hello", team_id = team, visibility = "public" }, Cancel));

        Assert.Equal(HttpStatusCode.OK, (await asMember.GetAsync($"/tools/{sharedId}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await asOutsider.GetAsync($"/tools/{sharedId}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await asOutsider.GetAsync($"/resources/{everyone.GetProperty("id").GetString()}", Cancel)).StatusCode);

        // A plain member is a viewer: sees, changes nothing.
        Assert.Equal(HttpStatusCode.Forbidden, (await asMember.PutAsJsonAsync($"/tools/{sharedId}", new { description = "mine now" }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asMember.PostAsJsonAsync("/tools", Tool($"viewer-{member[..14]}", team), Cancel)).StatusCode);

        // A developer in the team creates and changes there.
        await factory.HearAsync(new RoleAssigned(Guid.NewGuid().ToString("N"), member, "developer", "developer", "team", team, [], null));
        using var updated = await asMember.PutAsJsonAsync($"/tools/{sharedId}", new { description = "improved" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("improved", (await updated.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("description").GetString());
        await CreatedAsync(await asMember.PostAsJsonAsync("/tools", Tool($"dev-{member[..14]}", team), Cancel));

        // Lists and counts show only what each may see.
        var page = await asOutsider.GetFromJsonAsync<JsonElement>($"/tools?team_id={team}&include_pagination=true", Cancel);
        Assert.Equal(0, page.GetProperty("total").GetInt32());
        var membersPage = await asMember.GetFromJsonAsync<JsonElement>($"/tools?team_id={team}&include_pagination=true", Cancel);
        Assert.Equal(2, membersPage.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Moving_an_entity_to_another_team_needs_rights_in_both_teams()
    {
        var alice = NewEmail("alice");
        var bob = NewEmail("bob");
        await factory.NewUserAsync(alice);
        await factory.NewUserAsync(bob);
        var alicesTeam = await factory.NewTeamAsync(alice);
        var bobsTeam = await factory.NewTeamAsync(bob);
        await factory.HearAsync(new TeamMemberAdded(bobsTeam, alice, "member")); // a viewer there
        using var asAlice = factory.As(alice);
        var tool = await CreatedAsync(await asAlice.PostAsJsonAsync("/tools", Tool($"mover-{alice[..14]}", alicesTeam, "team"), Cancel));
        var id = tool.GetProperty("id").GetString();

        using var refused = await asAlice.PutAsJsonAsync($"/tools/{id}", new { team_id = bobsTeam }, Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        await factory.HearAsync(new TeamMemberRoleChanged(bobsTeam, alice, "owner"));
        using var moved = await asAlice.PutAsJsonAsync($"/tools/{id}", new { team_id = bobsTeam }, Cancel);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(bobsTeam, (await moved.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("team_id").GetString());

        // A team the caller cannot see is a bad request, exactly like one that does not exist.
        using var unknown = await asAlice.PutAsJsonAsync($"/tools/{id}", new { team_id = Guid.NewGuid().ToString("N") }, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task A_virtual_server_shows_only_the_members_the_caller_may_see()
    {
        var alice = NewEmail("alice");
        var bob = NewEmail("bob");
        await factory.NewUserAsync(alice);
        await factory.NewUserAsync(bob);
        using var asAlice = factory.As(alice);
        using var asBob = factory.As(bob);
        var hidden = await CreatedAsync(await asAlice.PostAsJsonAsync("/tools", Tool($"hidden-{alice[..14]}"), Cancel));
        var open = await CreatedAsync(await asAlice.PostAsJsonAsync("/tools", Tool($"open-{alice[..14]}", visibility: "public"), Cancel));
        var server = await CreatedAsync(await asAlice.PostAsJsonAsync("/servers", new
        {
            name = $"combo-{alice[..14]}", visibility = "public",
            associated_tools = new[] { hidden.GetProperty("id").GetString(), open.GetProperty("id").GetString() },
        }, Cancel));
        var id = server.GetProperty("id").GetString();

        Assert.Equal(2, server.GetProperty("associated_tools").GetArrayLength());
        var bobsView = await asBob.GetFromJsonAsync<JsonElement>($"/servers/{id}", Cancel);
        Assert.Equal([open.GetProperty("id").GetString()], bobsView.GetProperty("associated_tools").EnumerateArray().Select(t => t.GetString()));
        var bobsTools = await asBob.GetFromJsonAsync<JsonElement>($"/servers/{id}/tools", Cancel);
        Assert.Equal([open.GetProperty("id").GetString()], bobsTools.EnumerateArray().Select(t => t.GetProperty("id").GetString()));

        // Bob cannot build a server from a tool he cannot see: it does not exist for him.
        using var refused = await asBob.PostAsJsonAsync("/servers", new { name = $"steal-{bob[..12]}", associated_tools = new[] { hidden.GetProperty("id").GetString() } }, Cancel);
        Assert.True(refused.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, refused.StatusCode.ToString());
    }

    [Fact]
    public async Task Gateway_credentials_are_encrypted_at_rest_and_never_returned()
    {
        var alice = NewEmail("alice");
        await factory.NewUserAsync(alice);
        using var asAlice = factory.As(alice);
        const string token = "upstream-token-0123456789";

        using var response = await asAlice.PostAsJsonAsync("/gateways",
            new { name = $"upstream-{alice[..14]}", url = "https://mcp.example.com/mcp", transport = "streamablehttp", auth_type = "bearer", auth_token = token }, Cancel);
        var gateway = await CreatedAsync(response);
        var body = gateway.GetRawText();

        Assert.DoesNotContain(token, body);
        Assert.Equal("bearer", gateway.GetProperty("auth_type").GetString());
        Assert.True(gateway.GetProperty("auth_value_set").GetBoolean());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var listed = await asAlice.GetStringAsync("/gateways", Cancel);
        Assert.DoesNotContain(token, listed);

        await using var scope = factory.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<CatalogContext>().Gateways.AsNoTracking()
            .SingleAsync(g => g.Id == gateway.GetProperty("id").GetString(), Cancel);
        Assert.NotNull(stored.AuthValue);
        Assert.DoesNotContain(token, stored.AuthValue);
    }

    [Theory]
    [InlineData("/tools", """{"name":"bad\u0000name","url":"https://x.example.com"}""")]
    [InlineData("/tools", """{"name":"ok","url":"https://x.example.com","visibility":"everyone"}""")]
    [InlineData("/tools", """{"name":"ok","url":"https://x.example.com","team_id":"no-such-team"}""")]
    [InlineData("/gateways", """{"name":"ftp","url":"ftp://files.example.com/mcp"}""")]
    [InlineData("/gateways", """{"name":"nourl"}""")]
    [InlineData("/gateways", """{"name":"bad transport","url":"https://x.example.com/mcp","transport":"carrier-pigeon"}""")]
    [InlineData("/servers", """{"name":"bad\u0007bell"}""")]
    [InlineData("/resources", """{"name":"no uri"}""")]
    [InlineData("/prompts", """{"name":""}""")]
    public async Task Bad_input_is_a_400_problem(string path, string json)
    {
        var alice = NewEmail("alice");
        await factory.NewUserAsync(alice);
        using var asAlice = factory.As(alice);

        using var response = await asAlice.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_oversized_name_is_a_400_problem()
    {
        var alice = NewEmail("alice");
        await factory.NewUserAsync(alice);
        using var asAlice = factory.As(alice);

        using var response = await asAlice.PostAsJsonAsync("/tools", Tool(new string('n', 10_000)), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_seed_s_admin_PUT_changes_team_and_visibility_with_the_Basic_pair()
    {
        var alice = NewEmail("alice");
        await factory.NewUserAsync(alice);
        var team = await factory.NewTeamAsync(alice);
        using var asAlice = factory.As(alice);
        var server = await CreatedAsync(await asAlice.PostAsJsonAsync("/servers", new { name = $"seeded-{alice[..14]}" }, Cancel));
        var id = server.GetProperty("id").GetString();
        using var admin = factory.AsBasicAdmin();

        using var toTeam = await admin.PutAsJsonAsync($"/admin/servers/{id}", new { team_id = team, visibility = "team" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, toTeam.StatusCode);
        using var toPrivate = await admin.PutAsJsonAsync($"/admin/servers/{id}", new { visibility = "private" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, toPrivate.StatusCode);

        var now = await asAlice.GetFromJsonAsync<JsonElement>($"/servers/{id}", Cancel);
        Assert.Equal(team, now.GetProperty("team_id").GetString());
        Assert.Equal("private", now.GetProperty("visibility").GetString());
        Assert.Equal(server.GetProperty("name").GetString(), now.GetProperty("name").GetString()); // a partial update
    }

    [Fact]
    public async Task Lists_search_names_without_case_and_count_the_matches()
    {
        var alice = NewEmail("alice");
        await factory.NewUserAsync(alice);
        using var asAlice = factory.As(alice);
        var marker = $"s{Guid.NewGuid():N}"[..12];
        foreach (var name in new[] { $"find-{marker}-one", $"{marker}_two", $"other-{Guid.NewGuid():N}"[..20] })
        {
            await CreatedAsync(await asAlice.PostAsJsonAsync("/tools", new { name, url = "https://x.example.com" }, Cancel));
        }

        var found = await NamesAsync(asAlice, $"/tools?search={marker.ToUpperInvariant()}");
        var page = await asAlice.GetFromJsonAsync<JsonElement>($"/tools?search={marker}&limit=1&include_pagination=true", Cancel);

        Assert.Equal([$"find-{marker}-one", $"{marker}_two"], found);
        Assert.Equal(2, page.GetProperty("total").GetInt32());
        Assert.Single(page.GetProperty("items").EnumerateArray());
        // '_' is no wildcard: it matches only itself.
        Assert.Equal([$"{marker}_two"], await NamesAsync(asAlice, $"/tools?search={marker}_"));
        Assert.Empty(await NamesAsync(asAlice, $"/servers?search={marker}"));
        using var nul = await asAlice.GetAsync("/tools?search=a%00b", Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
    }

    [Fact]
    public async Task Lists_page_in_a_stable_order_and_filter_by_tags_and_activity()
    {
        var alice = NewEmail("alice");
        var team = await factory.NewUserAsync(alice);
        using var asAlice = factory.As(alice);
        var tag = $"t{Guid.NewGuid():N}"[..12];
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var tool = await CreatedAsync(await asAlice.PostAsJsonAsync("/tools", new { name = $"p{i}-{tag}", url = "https://x.example.com", tags = new[] { tag } }, Cancel));
            ids.Add(tool.GetProperty("id").GetString()!);
        }
        using (var toggled = await asAlice.PostAsync($"/tools/{ids[4]}/toggle?activate=false", null, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, toggled.StatusCode);
        }

        var first = await NamesAsync(asAlice, $"/tools?tags={tag}&skip=0&limit=2");
        var second = await NamesAsync(asAlice, $"/tools?tags={tag}&skip=2&limit=2");
        var all = await NamesAsync(asAlice, $"/tools?tags={tag}&include_inactive=true");

        Assert.Equal([$"p0-{tag}", $"p1-{tag}"], first);
        Assert.Equal([$"p2-{tag}", $"p3-{tag}"], second);
        Assert.Equal(5, all.Count);
        Assert.Equal(4, (await NamesAsync(asAlice, $"/tools?tags={tag}&team_id={team}")).Count);
        Assert.Equal(HttpStatusCode.BadRequest, (await asAlice.GetAsync("/tools?limit=-1", Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_token_scoped_to_one_team_sees_and_creates_only_there()
    {
        var alice = NewEmail("alice");
        var personal = await factory.NewUserAsync(alice);
        var team = await factory.NewTeamAsync(alice);
        using var asAlice = factory.As(alice);
        var inPersonal = await CreatedAsync(await asAlice.PostAsJsonAsync("/tools", Tool($"personal-{alice[..14]}"), Cancel));
        using var scoped = factory.ClientWith(factory.Tokens.ApiToken(alice, teamId: team));

        Assert.Equal(HttpStatusCode.NotFound, (await scoped.GetAsync($"/tools/{inPersonal.GetProperty("id").GetString()}", Cancel)).StatusCode);
        var created = await CreatedAsync(await scoped.PostAsJsonAsync("/tools", Tool($"scoped-{alice[..14]}"), Cancel));
        Assert.Equal(team, created.GetProperty("team_id").GetString());
        // Another team than the token's: refused (the token's team is all it may use).
        using var elsewhere = await scoped.PostAsJsonAsync("/tools", Tool($"elsewhere-{alice[..14]}", personal), Cancel);
        Assert.True(elsewhere.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, elsewhere.StatusCode.ToString());
    }

    [Fact]
    public async Task A_token_narrowed_to_some_permissions_reads_and_changes_only_what_they_name()
    {
        var alice = NewEmail("alice");
        await factory.NewUserAsync(alice);
        using var asAlice = factory.As(alice);
        var tool = await CreatedAsync(await asAlice.PostAsJsonAsync("/tools", Tool($"narrow-{alice[..14]}"), Cancel));
        using var readOnly = factory.ClientWith(factory.Tokens.ApiToken(alice, permissions: ["tools.read"]));

        Assert.Equal(HttpStatusCode.OK, (await readOnly.GetAsync($"/tools/{tool.GetProperty("id").GetString()}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await readOnly.PostAsJsonAsync("/tools", Tool($"more-{alice[..14]}"), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await readOnly.PutAsJsonAsync($"/tools/{tool.GetProperty("id").GetString()}", new { description = "x" }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await readOnly.GetAsync("/servers", Cancel)).StatusCode);
    }
}

public sealed class CatalogApiOnSqliteTests(SqliteCatalogFactory factory) : CatalogApiTests(factory), IClassFixture<SqliteCatalogFactory>;

public sealed class CatalogApiOnPostgresTests : CatalogApiTests, IClassFixture<PostgresCatalogFactory>
{
    public CatalogApiOnPostgresTests(PostgresCatalogFactory factory) : base(factory) => factory.Require();
}
