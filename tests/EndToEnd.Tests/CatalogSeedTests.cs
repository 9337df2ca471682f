using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace McpGateway.EndToEnd.Tests;

/// <summary>
/// The seed's catalog lines, as written, through the gateway with its Basic pair: `PUT /admin/servers/$SERVER_ID` with
/// `{"team_id": ..., "visibility": "team"}` and `{"visibility": "private"}`, `curl -u admin:changeme
/// .../admin/export/configuration -o backup.json` and `curl -X POST .../admin/import/configuration -u admin:changeme
/// -H "Content-Type: application/json" -d @backup.json`.
/// </summary>
public sealed class CatalogSeedTests(StackFixture fixture) : IClassFixture<StackFixture>
{
    private static readonly TimeSpan EventsArrive = TimeSpan.FromSeconds(30);
    private readonly HttpClient _client = fixture.Client;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static AuthenticationHeaderValue Basic => StackFixture.BasicAuthorization;

    [Fact]
    public async Task The_seed_s_server_export_and_import_lines_work_as_written()
    {
        // The catalog learns the admin's personal team from the teams service's events: retried until it has.
        var server = await UntilAsync(HttpStatusCode.Created, () => SendAsync(HttpMethod.Post, "/servers", new { name = $"seeded-{Guid.NewGuid():N}" }));
        var serverId = server.GetProperty("id").GetString();
        using (var teamResponse = await SendAsync(HttpMethod.Post, "/teams", new { name = $"Seed team {Guid.NewGuid():N}", visibility = "private" }))
        {
            Assert.Equal(HttpStatusCode.Created, teamResponse.StatusCode);
            var teamId = (await teamResponse.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString();

            var moved = await UntilAsync(HttpStatusCode.OK, () => SendAsync(HttpMethod.Put, $"/admin/servers/{serverId}", new { team_id = teamId, visibility = "team" }));
            Assert.Equal(teamId, moved.GetProperty("team_id").GetString());
            Assert.Equal("team", moved.GetProperty("visibility").GetString());
        }
        using (var toPrivate = await SendAsync(HttpMethod.Put, $"/admin/servers/{serverId}", new { visibility = "private" }))
        {
            Assert.Equal(HttpStatusCode.OK, toPrivate.StatusCode);
            Assert.Equal("private", (await toPrivate.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("visibility").GetString());
        }

        using var export = await SendAsync(HttpMethod.Get, "/admin/export/configuration");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var backup = await export.Content.ReadAsStringAsync(Cancel);
        Assert.Contains(serverId!, backup);

        using (var deleted = await SendAsync(HttpMethod.Delete, $"/servers/{serverId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }
        using var import = new HttpRequestMessage(HttpMethod.Post, "/admin/import/configuration")
        {
            Content = new StringContent(backup, Encoding.UTF8, "application/json"),
        };
        import.Headers.Authorization = Basic;
        using var imported = await _client.SendAsync(import, Cancel);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);

        using var restored = await SendAsync(HttpMethod.Get, $"/servers/{serverId}");
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal("private", (await restored.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("visibility").GetString());
    }

    private async Task<JsonElement> UntilAsync(HttpStatusCode expected, Func<Task<HttpResponseMessage>> send)
    {
        var deadline = DateTime.UtcNow + EventsArrive;
        while (true)
        {
            using var response = await send();
            var body = await response.Content.ReadAsStringAsync(Cancel);
            if (response.StatusCode == expected)
            {
                return JsonDocument.Parse(body).RootElement.Clone();
            }
            Assert.True(DateTime.UtcNow < deadline, $"Still {response.StatusCode} after {EventsArrive}: {body}");
            await Task.Delay(200, Cancel);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = Basic;
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return await _client.SendAsync(request, Cancel);
    }
}
