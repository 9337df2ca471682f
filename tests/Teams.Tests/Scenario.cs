using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace McpGateway.Teams.Tests;

/// <summary>Steps the service tests share: fresh users, teams, members and grants, each asserting that it worked.</summary>
public sealed class Scenario(TeamsFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public HttpClient Admin => factory.As(TeamsFactory.PlatformAdmin);

    /// <summary>A user nobody has seen before, so tests sharing one database never meet.</summary>
    public static string NewEmail(string who) => $"{who}-{Guid.NewGuid().ToString("N")[..8]}@example.com";

    public async Task<string> CreateTeamAsync(string owner, string visibility = "private", string? name = null)
    {
        using var client = factory.As(owner);
        using var response = await client.PostAsJsonAsync("/teams", new { name = name ?? $"Team {Guid.NewGuid():N}", visibility }, Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!;
    }

    public async Task AddMemberAsync(string teamId, string owner, string email, string role = "member")
    {
        using var client = factory.As(owner);
        using var response = await client.PostAsJsonAsync($"/teams/{teamId}/members", new { email, role }, Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public async Task GrantAsync(string email, string roleId, string scope, string? scopeId = null)
    {
        using var admin = Admin;
        using var response = await admin.PostAsJsonAsync($"/rbac/users/{email}/roles", new { role_id = roleId, scope, scope_id = scopeId }, Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
}
