using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Catalog.Tests;

/// <summary>Export and import in ContextForge's format: lossless restore, conflict strategies, dry runs, secrets, ContextForge's own exports.</summary>
public abstract class ExportImportTests(CatalogFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private const string UpstreamToken = "upstream-secret-token-42";

    private static string NewEmail(string who) => CatalogApiTests.NewEmail(who);

    private static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<string> CreateAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body, Cancel);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{path}: {response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>An export without what differs between two exports of the same catalog: when, and the secrets' fresh ciphertexts.</summary>
    private static string Normalise(JsonElement export)
    {
        var node = JsonNode.Parse(export.GetRawText())!.AsObject();
        node.Remove("exported_at");
        foreach (var (_, list) in node["entities"]!.AsObject())
        {
            foreach (var entity in list!.AsArray())
            {
                if (entity!.AsObject().ContainsKey("auth_value"))
                {
                    entity["auth_value"] = entity["auth_value"] is null ? null : "(sealed)";
                }
            }
        }
        return node.ToJsonString();
    }

    private async Task<(string Alice, string Team)> SeedAsync(string tag)
    {
        var alice = NewEmail("alice");
        await factory.NewUserAsync(alice);
        var team = await factory.NewTeamAsync(alice);
        using var asAlice = factory.As(alice);
        var gateway = await CreateAsync(asAlice, "/gateways", new
        {
            name = $"gw-{tag}", url = $"https://{tag}.example.com/mcp", auth_type = "bearer", auth_token = UpstreamToken, tags = new[] { tag }, team_id = team, visibility = "team",
        });
        var tool = await CreateAsync(asAlice, "/tools", new
        {
            name = $"tool-{tag}", url = "https://api.example.com/x", integration_type = "REST", request_type = "POST", tags = new[] { tag },
            input_schema = new { type = "object", properties = new { q = new { type = "string" } } }, annotations = new { readOnlyHint = true },
            auth = new { auth_type = "basic", username = "svc", password = "pa55" },
        });
        var resource = await CreateAsync(asAlice, "/resources", new { uri = $"docs://{tag}/readme", name = $"readme-{tag}", content = "# hi", mime_type = "text/markdown", tags = new[] { tag }, team_id = team, visibility = "public" });
        var prompt = await CreateAsync(asAlice, "/prompts", new
        {
            name = $"prompt-{tag}", template = "Say {{ what }}", arguments = new[] { new { name = "what", description = "the words", required = true } }, tags = new[] { tag },
        });
        await CreateAsync(asAlice, "/servers", new
        {
            name = $"server-{tag}", tags = new[] { tag }, team_id = team, visibility = "team", expose_original_names = true,
            associated_tools = new[] { tool }, associated_resources = new[] { resource }, associated_prompts = new[] { prompt },
        });
        Assert.NotNull(gateway);
        return (alice, team);
    }

    [Fact]
    public async Task The_seed_s_export_wipe_and_import_lines_restore_the_catalog_identically()
    {
        var tag = $"rt{Guid.NewGuid():N}"[..12];
        await SeedAsync(tag);
        using var admin = factory.AsBasicAdmin();

        using var exported = await admin.GetAsync("/admin/export/configuration", Cancel);
        var before = await OkJsonAsync(exported);
        Assert.Equal("no-store", exported.Headers.CacheControl?.ToString());
        Assert.StartsWith("attachment", exported.Content.Headers.ContentDisposition?.ToString() ?? "");
        Assert.DoesNotContain(UpstreamToken, before.GetRawText());
        Assert.DoesNotContain("pa55", before.GetRawText());
        Assert.True(before.GetProperty("metadata").GetProperty("entity_counts").GetProperty("tools").GetInt32() >= 1);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogContext>();
            await db.Servers.ExecuteDeleteAsync(Cancel);
            await db.Tools.ExecuteDeleteAsync(Cancel);
            await db.Resources.ExecuteDeleteAsync(Cancel);
            await db.Prompts.ExecuteDeleteAsync(Cancel);
            await db.Gateways.ExecuteDeleteAsync(Cancel);
        }
        var emptied = await OkJsonAsync(await admin.GetAsync("/admin/export/configuration", Cancel));
        Assert.Equal(0, emptied.GetProperty("entities").GetProperty("tools").GetArrayLength());

        // curl -X POST .../admin/import/configuration -u admin:changeme -H "Content-Type: application/json" -d @backup.json
        var report = await OkJsonAsync(await admin.PostAsync("/admin/import/configuration",
            new StringContent(before.GetRawText(), System.Text.Encoding.UTF8, "application/json"), Cancel));
        Assert.Equal(0, report.GetProperty("progress").GetProperty("failed").GetInt32());

        var after = await OkJsonAsync(await admin.GetAsync("/admin/export/configuration", Cancel));
        Assert.Equal(Normalise(before), Normalise(after));

        // The credentials came back, decryptable here, the same.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogContext>();
            var vault = scope.ServiceProvider.GetRequiredService<CredentialVault>();
            // This test's gateway: others in the database (imported by other tests of the class) have tokens of their own.
            var gateway = await db.Gateways.AsNoTracking().SingleAsync(g => g.Name == $"gw-{tag}", Cancel);
            Assert.Equal(UpstreamToken, vault.Open(gateway.AuthType, gateway.AuthValue).Token);
        }
    }

    [Fact]
    public async Task Each_conflict_strategy_does_what_it_says_and_a_dry_run_changes_nothing()
    {
        var tag = $"cs{Guid.NewGuid():N}"[..12];
        var (alice, _) = await SeedAsync(tag);
        using var asAlice = factory.As(alice);
        var export = await OkJsonAsync(await asAlice.GetAsync($"/export?types=tools&tags={tag}", Cancel));
        var document = JsonNode.Parse(export.GetRawText())!;
        var tool = document["entities"]!["tools"]![0]!;
        var toolId = tool["id"]!.GetValue<string>();
        tool["description"] = "changed by the import";

        async Task<(HttpStatusCode Status, JsonElement Report)> ImportAsync(string strategy, bool dryRun = false)
        {
            using var response = await asAlice.PostAsJsonAsync("/import", new JsonObject
            {
                ["import_data"] = JsonNode.Parse(document.ToJsonString()), ["conflict_strategy"] = strategy, ["dry_run"] = dryRun,
            }, Cancel);
            return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement.Clone());
        }
        async Task<string?> DescriptionAsync() => (await asAlice.GetFromJsonAsync<JsonElement>($"/tools/{toolId}", Cancel)).GetProperty("description") is var d
            && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        async Task<int> CountAsync() => (await asAlice.GetFromJsonAsync<JsonElement>($"/tools?tags={tag}&include_inactive=true", Cancel)).GetArrayLength();
        static string Action(JsonElement report) => report.GetProperty("entities")[0].GetProperty("action").GetString()!;

        var original = await DescriptionAsync();
        var (status, skipped) = await ImportAsync("skip");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("skipped", Action(skipped));
        Assert.Equal(original, await DescriptionAsync());

        var (_, dry) = await ImportAsync("update", dryRun: true);
        Assert.Equal("updated", Action(dry));
        Assert.True(dry.GetProperty("dry_run").GetBoolean());
        Assert.Equal(original, await DescriptionAsync());

        var (failStatus, failed) = await ImportAsync("fail");
        Assert.Equal(HttpStatusCode.Conflict, failStatus);
        Assert.Equal(original, await DescriptionAsync());
        Assert.Equal(1, await CountAsync());

        var (_, updated) = await ImportAsync("update");
        Assert.Equal("updated", Action(updated));
        Assert.Equal("changed by the import", await DescriptionAsync());
        Assert.Equal(1, await CountAsync());

        var (_, renamed) = await ImportAsync("rename");
        Assert.Equal("created", Action(renamed));
        Assert.NotEqual(toolId, renamed.GetProperty("entities")[0].GetProperty("id").GetString());
        Assert.NotEqual(tool["name"]!.GetValue<string>(), renamed.GetProperty("entities")[0].GetProperty("name").GetString());
        Assert.Equal(2, await CountAsync());

        using var bad = await asAlice.PostAsJsonAsync("/import", new JsonObject { ["import_data"] = JsonNode.Parse(document.ToJsonString()), ["conflict_strategy"] = "merge" }, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Secrets_travel_under_the_caller_s_passphrase_and_a_wrong_one_imports_no_credentials()
    {
        var tag = $"pp{Guid.NewGuid():N}"[..12];
        var (alice, _) = await SeedAsync(tag);
        using var asAlice = factory.As(alice);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/export?types=gateways&tags={tag}");
        request.Headers.Add("X-Export-Passphrase", "correct horse battery staple");
        var export = await OkJsonAsync(await asAlice.SendAsync(request, Cancel));
        Assert.DoesNotContain(UpstreamToken, export.GetRawText());
        var document = JsonNode.Parse(export.GetRawText())!;
        var gateway = document["entities"]!["gateways"]![0]!;
        gateway["name"] = $"copy-{tag}";
        gateway["url"] = $"https://copy-{tag}.example.com/mcp";
        gateway.AsObject().Remove("id");

        var wrong = await OkJsonAsync(await asAlice.PostAsJsonAsync("/import", new JsonObject
        {
            ["import_data"] = JsonNode.Parse(document.ToJsonString()), ["passphrase"] = "wrong passphrase",
        }, Cancel));
        Assert.Equal("failed", wrong.GetProperty("entities")[0].GetProperty("action").GetString());

        var right = await OkJsonAsync(await asAlice.PostAsJsonAsync("/import", new JsonObject
        {
            ["import_data"] = JsonNode.Parse(document.ToJsonString()), ["passphrase"] = "correct horse battery staple",
        }, Cancel));
        Assert.Equal("created", right.GetProperty("entities")[0].GetProperty("action").GetString());
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogContext>();
        var copy = await db.Gateways.AsNoTracking().SingleAsync(g => g.Name == $"copy-{tag}", Cancel);
        Assert.Equal(UpstreamToken, scope.ServiceProvider.GetRequiredService<CredentialVault>().Open(copy.AuthType, copy.AuthValue).Token);
    }

    [Fact]
    public async Task A_ContextForge_v0_7_export_imports_into_the_importer_s_personal_team()
    {
        var bob = NewEmail("bob");
        var personal = await factory.NewUserAsync(bob);
        using var asBob = factory.As(bob);
        var fixture = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "contextforge-v0.7-export.json"), Cancel);

        var report = await OkJsonAsync(await asBob.PostAsync("/import?conflict_strategy=rename", new StringContent(fixture, System.Text.Encoding.UTF8, "application/json"), Cancel));

        var actions = report.GetProperty("entities").EnumerateArray().ToDictionary(e => e.GetProperty("source_name").GetString()!, e => e.GetProperty("action").GetString());
        Assert.Equal("created", actions["weather-lookup"]);
        Assert.Equal("created", actions["ticket-create"]);
        Assert.Equal("created", actions["docs-upstream"]);
        Assert.Equal("created", actions["support-desk"]);
        Assert.Equal("created", actions["summarize-ticket"]);
        Assert.Equal("created", actions["runbook"]);
        Assert.Contains(report.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("roots"));

        var tools = await asBob.GetFromJsonAsync<JsonElement>($"/tools?team_id={personal}&include_inactive=true", Cancel);
        var weather = tools.EnumerateArray().Single(t => t.GetProperty("original_name").GetString() == "weather-lookup");
        Assert.Equal(bob, weather.GetProperty("owner_email").GetString());
        Assert.Equal("team", weather.GetProperty("visibility").GetString()); // ContextForge's own import default for a team member
        Assert.Equal("GET", weather.GetProperty("request_type").GetString());
        Assert.False(tools.EnumerateArray().Single(t => t.GetProperty("original_name").GetString() == "ticket-create").GetProperty("enabled").GetBoolean());
        var gateway = (await asBob.GetFromJsonAsync<JsonElement>($"/gateways?team_id={personal}", Cancel)).EnumerateArray().Single();
        Assert.Equal("sse", gateway.GetProperty("transport").GetString());
        Assert.Equal(["X-Tenant-Id"], gateway.GetProperty("passthrough_headers").EnumerateArray().Select(h => h.GetString()));
        var prompt = (await asBob.GetFromJsonAsync<JsonElement>($"/prompts?team_id={personal}", Cancel)).EnumerateArray().Single();
        Assert.Equal(2, prompt.GetProperty("arguments").GetArrayLength());
    }

    [Fact]
    public async Task A_ContextForge_v1_export_imports_with_its_secrets_given_its_AUTH_ENCRYPTION_SECRET_as_rekey_secret()
    {
        var carol = NewEmail("carol");
        var personal = await factory.NewUserAsync(carol);
        using var asCarol = factory.As(carol);
        var fixture = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "contextforge-v1-export.json"), Cancel))!;

        // Without ContextForge's secret its gateway's credentials cannot be read: that entity fails, saying why; the rest imports.
        var withoutSecret = await OkJsonAsync(await asCarol.PostAsJsonAsync("/import", new JsonObject { ["import_data"] = fixture.DeepClone(), ["dry_run"] = true }, Cancel));
        var gatewayLine = withoutSecret.GetProperty("entities").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "gateway");
        Assert.Equal("failed", gatewayLine.GetProperty("action").GetString());
        Assert.Contains("rekey_secret", gatewayLine.GetProperty("reason").GetString());

        var report = await OkJsonAsync(await asCarol.PostAsJsonAsync("/import", new JsonObject
        {
            ["import_data"] = fixture.DeepClone(), ["rekey_secret"] = "contextforge-fixture-secret",
        }, Cancel));
        Assert.Equal(0, report.GetProperty("progress").GetProperty("failed").GetInt32());
        Assert.Equal(5, report.GetProperty("progress").GetProperty("created").GetInt32());

        var tool = (await asCarol.GetFromJsonAsync<JsonElement>($"/tools?team_id={personal}", Cancel)).EnumerateArray().Single();
        Assert.Equal("Convert currency", tool.GetProperty("display_name").GetString());
        Assert.Equal("object", tool.GetProperty("output_schema").GetProperty("type").GetString());
        var gateway = (await asCarol.GetFromJsonAsync<JsonElement>($"/gateways?team_id={personal}", Cancel)).EnumerateArray().Single();
        Assert.Equal("streamablehttp", gateway.GetProperty("transport").GetString());
        Assert.Equal("bearer", gateway.GetProperty("auth_type").GetString());
        await using var scope = factory.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<CatalogContext>().Gateways.AsNoTracking().SingleAsync(g => g.Id == gateway.GetProperty("id").GetString(), Cancel);
        Assert.Equal("cf-upstream-token", scope.ServiceProvider.GetRequiredService<CredentialVault>().Open(stored.AuthType, stored.AuthValue).Token);
    }

    [Fact]
    public async Task Single_tenant_data_imported_by_the_platform_admin_goes_to_the_admin_s_personal_team_as_public()
    {
        var adminTeam = await factory.AdminTeamAsync();
        using var admin = factory.AsBasicAdmin();
        var fixture = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "contextforge-v0.7-export.json"), Cancel))!;
        var tag = $"st{Guid.NewGuid():N}"[..12];
        foreach (var (_, list) in fixture["entities"]!.AsObject())
        {
            foreach (var entity in list!.AsArray())
            {
                entity!["tags"] = new JsonArray(tag);
            }
        }

        await OkJsonAsync(await admin.PostAsJsonAsync("/admin/import/configuration?conflict_strategy=rename", fixture, Cancel));

        var tools = await admin.GetFromJsonAsync<JsonElement>($"/tools?tags={tag}&include_inactive=true", Cancel);
        Assert.Equal(2, tools.GetArrayLength());
        Assert.All(tools.EnumerateArray(), t =>
        {
            Assert.Equal(adminTeam, t.GetProperty("team_id").GetString());
            Assert.Equal("public", t.GetProperty("visibility").GetString());
        });
    }
}

public sealed class ExportImportOnSqliteTests(SqliteCatalogFactory factory) : ExportImportTests(factory), IClassFixture<SqliteCatalogFactory>;

public sealed class ExportImportOnPostgresTests : ExportImportTests, IClassFixture<PostgresCatalogFactory>
{
    public ExportImportOnPostgresTests(PostgresCatalogFactory factory) : base(factory) => factory.Require();
}
