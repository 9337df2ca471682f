using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using McpGateway.Catalog.Federation.Persistence;
using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.Model;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Catalog.Tests;

/// <summary>
/// A virtual server's `expose_original_names`: off by default; turned on only while no two of its tools (or prompts)
/// share an upstream name, else a 409 problem, on create and on update of the server or of a member alike; bad values
/// are 400 problems. Without it, two teams' members of one name are refused alike.
/// </summary>
public abstract class ServerNamingTests(CatalogFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Two tools and two prompts of different upstreams (`one-`, `two-`) that share their upstream names, as discovery stores them.</summary>
    private async Task<(string Alice, string Suffix, string[] Tools, string[] Prompts)> SeedAsync()
    {
        var alice = CatalogApiTests.NewEmail("alice");
        var team = await factory.NewUserAsync(alice);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        Tool Tool(string prefix) => new() { Name = $"{prefix}-echo-{suffix}", OriginalName = $"echo-{suffix}", TeamId = team, OwnerEmail = alice };
        Prompt Prompt(string prefix) => new() { Name = $"{prefix}-greet-{suffix}", TeamId = team, OwnerEmail = alice };
        Tool[] tools = [Tool("one"), Tool("two")];
        Prompt[] prompts = [Prompt("one"), Prompt("two")];
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogContext>();
        db.Tools.AddRange(tools);
        db.Prompts.AddRange(prompts);
        foreach (var prompt in prompts)
        {
            db.Entry(prompt).Property<string?>(FederatedColumns.OriginalName).CurrentValue = $"greet-{suffix}";
        }
        await db.SaveChangesAsync(Cancel);
        return (alice, suffix, tools.Select(t => t.Id).ToArray(), prompts.Select(p => p.Id).ToArray());
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task AssertConflictAsync(HttpResponseMessage response, string sharedName)
    {
        var problem = await JsonAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"'{sharedName}'", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_server_exposes_original_names_only_while_no_two_members_would_share_one()
    {
        var (alice, suffix, tools, prompts) = await SeedAsync();
        using var asAlice = factory.As(alice);
        var (sharedTool, sharedPrompt) = ($"echo-{suffix}", $"greet-{suffix}");

        // The default keeps the prefixed names, which never clash.
        var created = await JsonAsync(await asAlice.PostAsJsonAsync("/servers",
            new { name = $"prefixed-{suffix}", associated_tools = tools, associated_prompts = prompts }, Cancel), HttpStatusCode.Created);
        Assert.False(created.GetProperty("expose_original_names").GetBoolean());
        var id = created.GetProperty("id").GetString();

        await AssertConflictAsync(await asAlice.PostAsJsonAsync("/servers",
            new { name = $"original-{suffix}", associated_tools = tools, expose_original_names = true }, Cancel), sharedTool);
        await AssertConflictAsync(await asAlice.PutAsJsonAsync($"/servers/{id}", new { expose_original_names = true }, Cancel), sharedTool);
        Assert.False((await asAlice.GetFromJsonAsync<JsonElement>($"/servers/{id}", Cancel)).GetProperty("expose_original_names").GetBoolean());

        // One tool and one prompt of each name: allowed; adding the other of either back is refused.
        var narrowed = await JsonAsync(await asAlice.PutAsJsonAsync($"/servers/{id}",
            new { associated_tools = tools[..1], associated_prompts = prompts[..1], expose_original_names = true }, Cancel), HttpStatusCode.OK);
        Assert.True(narrowed.GetProperty("expose_original_names").GetBoolean());
        await AssertConflictAsync(await asAlice.PutAsJsonAsync($"/servers/{id}", new { associated_tools = tools }, Cancel), sharedTool);
        await AssertConflictAsync(await asAlice.PutAsJsonAsync($"/servers/{id}", new { associated_prompts = prompts }, Cancel), sharedPrompt);
        var unchanged = await asAlice.GetFromJsonAsync<JsonElement>($"/servers/{id}", Cancel);
        Assert.Equal([tools[0]], unchanged.GetProperty("associated_tools").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal([prompts[0]], unchanged.GetProperty("associated_prompts").EnumerateArray().Select(p => p.GetString()));

        // Turning it off again lets both back in.
        var off = await JsonAsync(await asAlice.PutAsJsonAsync($"/servers/{id}",
            new { associated_tools = tools, associated_prompts = prompts, expose_original_names = false }, Cancel), HttpStatusCode.OK);
        Assert.Equal(2, off.GetProperty("associated_tools").GetArrayLength());
    }

    [Fact]
    public async Task Renaming_a_registered_tool_or_prompt_onto_another_members_name_in_such_a_server_is_a_409()
    {
        var (alice, suffix, tools, prompts) = await SeedAsync();
        using var asAlice = factory.As(alice);
        var solo = await JsonAsync(await asAlice.PostAsJsonAsync("/tools",
            new { name = $"solo-{suffix}", url = "https://api.example.com/run", integration_type = "REST", request_type = "POST" }, Cancel), HttpStatusCode.Created);
        var hello = await JsonAsync(await asAlice.PostAsJsonAsync("/prompts", new { name = $"hello-{suffix}", template = "Hello" }, Cancel), HttpStatusCode.Created);
        var (soloId, helloId) = (solo.GetProperty("id").GetString()!, hello.GetProperty("id").GetString()!);
        await JsonAsync(await asAlice.PostAsJsonAsync("/servers", new
        {
            name = $"original-{suffix}", associated_tools = new[] { tools[0], soloId }, associated_prompts = new[] { prompts[0], helloId }, expose_original_names = true,
        }, Cancel), HttpStatusCode.Created);

        await AssertConflictAsync(await asAlice.PutAsJsonAsync($"/tools/{soloId}", new { name = $"echo-{suffix}" }, Cancel), $"echo-{suffix}");
        await AssertConflictAsync(await asAlice.PutAsJsonAsync($"/prompts/{helloId}", new { name = $"greet-{suffix}" }, Cancel), $"greet-{suffix}");
        Assert.Equal($"solo-{suffix}", (await asAlice.GetFromJsonAsync<JsonElement>($"/tools/{soloId}", Cancel)).GetProperty("name").GetString());
        Assert.Equal($"hello-{suffix}", (await asAlice.GetFromJsonAsync<JsonElement>($"/prompts/{helloId}", Cancel)).GetProperty("name").GetString());
        await JsonAsync(await asAlice.PutAsJsonAsync($"/tools/{soloId}", new { name = $"solo-renamed-{suffix}" }, Cancel), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Two_teams_tools_of_one_name_are_never_both_in_a_server_nor_does_a_rename_make_them_so()
    {
        var (alice, bob, suffix) = (CatalogApiTests.NewEmail("alice"), CatalogApiTests.NewEmail("bob"), Guid.NewGuid().ToString("N")[..8]);
        var (personal, otherTeam, bobsTeam) = (await factory.NewUserAsync(alice), await factory.NewTeamAsync(alice), await factory.NewUserAsync(bob));
        Tool Tool(string team, string owner, string name) => new() { Name = name, OriginalName = name, TeamId = team, OwnerEmail = owner, Visibility = Visibility.Public };
        var (mine, theirs, lookup) = (Tool(otherTeam, alice, $"search-{suffix}"), Tool(bobsTeam, bob, $"search-{suffix}"), Tool(personal, alice, $"lookup-{suffix}"));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogContext>();
            db.Tools.AddRange(mine, theirs, lookup);
            await db.SaveChangesAsync(Cancel);
        }
        using var asAlice = factory.As(alice);

        await AssertConflictAsync(await asAlice.PostAsJsonAsync("/servers",
            new { name = $"both-{suffix}", associated_tools = new[] { mine.Id, theirs.Id } }, Cancel), $"search-{suffix}");
        var server = await JsonAsync(await asAlice.PostAsJsonAsync("/servers",
            new { name = $"one-{suffix}", associated_tools = new[] { lookup.Id, theirs.Id } }, Cancel), HttpStatusCode.Created);

        await AssertConflictAsync(await asAlice.PutAsJsonAsync($"/tools/{lookup.Id}", new { name = $"search-{suffix}" }, Cancel), $"search-{suffix}");
        Assert.Equal($"lookup-{suffix}", (await asAlice.GetFromJsonAsync<JsonElement>($"/tools/{lookup.Id}", Cancel)).GetProperty("name").GetString());
        await AssertConflictAsync(await asAlice.PutAsJsonAsync($"/servers/{server.GetProperty("id").GetString()}",
            new { associated_tools = new[] { lookup.Id, theirs.Id, mine.Id } }, Cancel), $"search-{suffix}");
    }

    [Fact]
    public async Task A_rename_is_refused_only_for_a_clash_it_makes_and_the_problem_names_only_the_new_name()
    {
        var (alice, bob, suffix) = (CatalogApiTests.NewEmail("alice"), CatalogApiTests.NewEmail("bob"), Guid.NewGuid().ToString("N")[..8]);
        var (team, bobsTeam, bobsOtherTeam) = (await factory.NewUserAsync(alice), await factory.NewUserAsync(bob), await factory.NewTeamAsync(bob));
        // Bob's private server holds Alice's public tool and two private tools of his teams that already share a name (as
        // a discovery rename can leave them): not Alice's doing, and nothing she may learn of.
        var hers = new Tool { Name = $"lookup-{suffix}", TeamId = team, OwnerEmail = alice, Visibility = Visibility.Public };
        Tool Bobs(string teamId) => new() { Name = $"secret-{suffix}", OriginalName = $"secret-{suffix}", TeamId = teamId, OwnerEmail = bob };
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogContext>();
            db.Tools.Add(hers);
            db.Servers.Add(new Server { Name = $"bobs-{suffix}", TeamId = bobsTeam, OwnerEmail = bob, Tools = [hers, Bobs(bobsTeam), Bobs(bobsOtherTeam)] });
            await db.SaveChangesAsync(Cancel);
        }
        using var asAlice = factory.As(alice);

        var renamed = await JsonAsync(await asAlice.PutAsJsonAsync($"/tools/{hers.Id}", new { name = $"find-{suffix}" }, Cancel), HttpStatusCode.OK);
        Assert.Equal($"find-{suffix}", renamed.GetProperty("name").GetString());
        var refused = await asAlice.PutAsJsonAsync($"/tools/{hers.Id}", new { name = $"secret-{suffix}" }, Cancel);
        await AssertConflictAsync(refused, $"secret-{suffix}");
        Assert.DoesNotContain($"bobs-{suffix}", await refused.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task Renaming_a_gateway_renames_its_tools_and_prompts_at_once_and_never_into_a_name_its_servers_already_hold()
    {
        var (alice, bob, suffix) = (CatalogApiTests.NewEmail("alice"), CatalogApiTests.NewEmail("bob"), Guid.NewGuid().ToString("N")[..8]);
        var (team, bobsTeam) = (await factory.NewUserAsync(alice), await factory.NewUserAsync(bob));
        using var asAlice = factory.As(alice);
        // Port 9 (discard) refuses: discovery fails and leaves the seeded members alone.
        var gateway = await JsonAsync(await asAlice.PostAsJsonAsync("/gateways",
            new { name = $"alpha-{suffix}", url = $"http://127.0.0.1:9/mcp-{suffix}" }, Cancel), HttpStatusCode.Created);
        var gatewayId = gateway.GetProperty("id").GetString()!;
        var (mine, theirs) = (
            new Tool { Name = $"alpha-{suffix}-search", OriginalName = "search", GatewayId = gatewayId, TeamId = team, OwnerEmail = alice },
            new Tool { Name = $"beta-{suffix}-search", OriginalName = $"beta-{suffix}-search", TeamId = bobsTeam, OwnerEmail = bob, Visibility = Visibility.Public });
        var prompt = new Prompt { Name = $"alpha-{suffix}-greet", GatewayId = gatewayId, TeamId = team, OwnerEmail = alice };
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogContext>();
            db.Tools.AddRange(mine, theirs);
            db.Prompts.Add(prompt);
            db.Entry(prompt).Property<string?>(FederatedColumns.OriginalName).CurrentValue = "greet";
            await db.SaveChangesAsync(Cancel);
        }
        await JsonAsync(await asAlice.PostAsJsonAsync("/servers",
            new { name = $"both-{suffix}", associated_tools = new[] { mine.Id, theirs.Id }, associated_prompts = new[] { prompt.Id } }, Cancel), HttpStatusCode.Created);

        await AssertConflictAsync(await asAlice.PutAsJsonAsync($"/gateways/{gatewayId}", new { name = $"beta-{suffix}" }, Cancel), $"beta-{suffix}-search");
        Assert.Equal($"alpha-{suffix}", (await asAlice.GetFromJsonAsync<JsonElement>($"/gateways/{gatewayId}", Cancel)).GetProperty("name").GetString());
        Assert.Equal($"alpha-{suffix}-search", (await asAlice.GetFromJsonAsync<JsonElement>($"/tools/{mine.Id}", Cancel)).GetProperty("name").GetString());

        await JsonAsync(await asAlice.PutAsJsonAsync($"/gateways/{gatewayId}", new { name = $"Gamma {suffix}" }, Cancel), HttpStatusCode.OK);
        Assert.Equal($"gamma-{suffix}-search", (await asAlice.GetFromJsonAsync<JsonElement>($"/tools/{mine.Id}", Cancel)).GetProperty("name").GetString());
        Assert.Equal($"gamma-{suffix}-greet", (await asAlice.GetFromJsonAsync<JsonElement>($"/prompts/{prompt.Id}", Cancel)).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("""{"name":"n","expose_original_names":"yes"}""")]
    [InlineData("""{"name":"n","expose_original_names":1}""")]
    [InlineData("""{"name":"n","expose_original_names":{}}""")]
    [InlineData("""{"name":"n\u0000","expose_original_names":true}""")]
    public async Task A_bad_expose_original_names_or_name_is_a_400_problem_on_create_and_update(string json)
    {
        var alice = CatalogApiTests.NewEmail("alice");
        await factory.NewUserAsync(alice);
        using var asAlice = factory.As(alice);
        var existing = await JsonAsync(await asAlice.PostAsJsonAsync("/servers", new { name = $"s-{Guid.NewGuid():N}" }, Cancel), HttpStatusCode.Created);

        foreach (var response in new[]
                 {
                     await asAlice.PostAsync("/servers", new StringContent(json, Encoding.UTF8, "application/json"), Cancel),
                     await asAlice.PutAsync($"/servers/{existing.GetProperty("id").GetString()}", new StringContent(json, Encoding.UTF8, "application/json"), Cancel),
                 })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}

public sealed class ServerNamingOnSqliteTests(SqliteCatalogFactory factory) : ServerNamingTests(factory), IClassFixture<SqliteCatalogFactory>;

public sealed class ServerNamingOnPostgresTests : ServerNamingTests, IClassFixture<PostgresCatalogFactory>
{
    public ServerNamingOnPostgresTests(PostgresCatalogFactory factory) : base(factory) => factory.Require();
}
