using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace McpGateway.Teams.Tests;

/// <summary>
/// Every teams and RBAC endpoint, as each kind of caller, with the exact status expected: one private team with an
/// owner, a plain member, a viewer, a developer and a team admin; a user outside it; the platform admin; an API token
/// of the owner narrowed to `teams.read`; and nobody at all.
/// </summary>
public abstract class AuthorizationMatrixTests(TeamsFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private static readonly ConcurrentDictionary<TeamsFactory, Task<World>> Worlds = new();

    public static readonly string[] Callers = ["anonymous", "non_member", "member", "owner", "viewer", "developer", "team_admin", "platform_admin", "narrow_token"];

    // endpoint                                      anon nonm memb ownr view devl tadm padm narrow
    private const string Matrix = """
        GET /teams/{team}                            401  404  200  200  200  200  200  200  200
        PUT /teams/{team}                            401  404  403  200  403  403  200  200  403
        DELETE /teams/{team}                         401  404  403  ---  403  403  403  ---  403
        GET /teams/{team}/members                    401  404  200  200  200  200  200  200  200
        POST /teams/{team}/members                   401  404  403  201  403  403  201  201  403
        PUT /teams/{team}/members/{member}           401  404  403  200  403  403  200  200  403
        DELETE /teams/{team}/members/{nobody}        401  404  403  404  403  403  404  404  403
        POST /teams/{team}/invitations               401  404  403  201  403  403  201  201  403
        GET /teams/{team}/invitations                401  404  403  200  403  403  200  200  403
        DELETE /teams/{team}/invitations/none        401  404  403  404  403  403  404  404  403
        GET /teams/{team}/join-requests              401  404  403  200  403  403  200  200  403
        POST /teams/{team}/join                      401  404  409  409  409  409  409  409  403
        POST /teams                                  401  201  201  201  201  201  201  201  403
        GET /teams                                   401  200  200  200  200  200  200  200  200
        GET /teams/discover                          401  200  200  200  200  200  200  200  200
        GET /rbac/roles                              401  200  200  200  200  200  200  200  200
        POST /rbac/roles                             401  403  403  403  403  403  403  201  403
        POST /rbac/users/{outsider}/roles            401  403  403  403  403  403  403  201  403
        GET /rbac/users/{outsider}/roles             401  403  403  403  403  403  403  200  403
        POST /rbac/permissions/check                 401  403  403  403  403  403  403  200  403
        GET /rbac/permissions/user/{outsider}        401  403  403  403  403  403  403  200  403
        GET /rbac/my/permissions                     401  200  200  200  200  200  200  200  200
        GET /rbac/my/roles                           401  200  200  200  200  200  200  200  200
        GET /rbac/permissions/available              401  200  200  200  200  200  200  200  200
        GET /rbac/audit                              401  403  403  403  403  403  403  200  403
        """;

    public static TheoryData<string, string, int> Cases()
    {
        var cases = new TheoryData<string, string, int>();
        foreach (var line in Matrix.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < Callers.Length; i++)
            {
                if (parts[2 + i] != "---")
                {
                    cases.Add($"{parts[0]} {parts[1]}", Callers[i], int.Parse(parts[2 + i]));
                }
            }
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_caller_gets_exactly_the_expected_status(string endpoint, string caller, int expected)
    {
        var world = await Worlds.GetOrAdd(factory, f => World.CreateAsync(f));
        var (method, template) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]);
        var path = template.Replace("{team}", world.TeamId).Replace("{member}", world.Member).Replace("{nobody}", Scenario.NewEmail("nobody"))
            .Replace("{outsider}", world.Outsider);
        using var client = factory.ClientWith(world.TokenOf(caller));
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = BodyFor(method, template, caller) };

        using var response = await client.SendAsync(request, Cancel);

        Assert.True(expected == (int)response.StatusCode, $"{endpoint} as {caller}: expected {expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancel)}");
        if (expected >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_private_team_leaks_through_no_list_count_or_error()
    {
        var world = await Worlds.GetOrAdd(factory, f => World.CreateAsync(f));
        using var outsider = factory.ClientWith(world.TokenOf("non_member"));

        var mine = await outsider.GetFromJsonAsync<JsonElement>("/teams?limit=100", Cancel);
        var discover = await outsider.GetStringAsync("/teams/discover?limit=100", Cancel);
        using var hidden = await outsider.PutAsJsonAsync($"/teams/{world.TeamId}", new { name = "x" }, Cancel);
        using var absent = await outsider.PutAsJsonAsync($"/teams/{Guid.NewGuid():N}", new { name = "x" }, Cancel);

        Assert.DoesNotContain(world.TeamId, mine.ToString());
        Assert.Equal(mine.GetProperty("teams").GetArrayLength(), mine.GetProperty("total").GetInt32());
        Assert.DoesNotContain(world.TeamId, discover);
        Assert.Equal(absent.StatusCode, hidden.StatusCode);
        Assert.Equal(Problem(await Scenario.JsonAsync(absent)), Problem(await Scenario.JsonAsync(hidden)));
    }

    // Everything but the trace id, which differs per request.
    private static string Problem(JsonElement problem) =>
        string.Join("|", problem.EnumerateObject().Where(p => p.Name != "trace_id").Select(p => $"{p.Name}={p.Value}"));

    private static JsonContent? BodyFor(string method, string template, string caller) => (method, template) switch
    {
        ("PUT", "/teams/{team}") => JsonContent.Create(new { description = $"edited by {caller}" }),
        ("POST", "/teams/{team}/members") => JsonContent.Create(new { email = Scenario.NewEmail("added") }),
        ("PUT", "/teams/{team}/members/{member}") => JsonContent.Create(new { role = "member" }),
        ("POST", "/teams/{team}/invitations") => JsonContent.Create(new { email = Scenario.NewEmail("invited") }),
        ("POST", "/teams/{team}/join") => JsonContent.Create(new { }),
        ("POST", "/teams") => JsonContent.Create(new { name = $"Made by {caller}" }),
        ("POST", "/rbac/roles") => JsonContent.Create(new { name = $"role-{Guid.NewGuid():N}", scope = "team", permissions = new[] { "tools.read" } }),
        ("POST", "/rbac/users/{outsider}/roles") => JsonContent.Create(new { role_id = "platform_admin", scope = "global" }),
        ("POST", "/rbac/permissions/check") => JsonContent.Create(new { user_email = "someone-else@example.com", permission = "tools.read" }),
        _ => null,
    };

    /// <summary>The team and its people, made once per database.</summary>
    private sealed class World
    {
        public string TeamId { get; private init; } = "";
        public string Member { get; private init; } = "";
        public string Outsider { get; private init; } = "";
        private Dictionary<string, string?> Tokens { get; init; } = [];

        public string? TokenOf(string caller) => Tokens[caller];

        public static async Task<World> CreateAsync(TeamsFactory factory)
        {
            var scenario = new Scenario(factory);
            var people = Callers.Where(c => c is not "anonymous" and not "platform_admin" and not "narrow_token").ToDictionary(c => c, c => Scenario.NewEmail(c));
            var teamId = await scenario.CreateTeamAsync(people["owner"], "private", "Matrix");
            foreach (var role in new[] { "member", "viewer", "developer", "team_admin" })
            {
                await scenario.AddMemberAsync(teamId, people["owner"], people[role]);
                if (role != "member")
                {
                    await scenario.GrantAsync(people[role], role, "team", teamId);
                }
            }
            var tokens = people.ToDictionary(p => p.Key, p => (string?)factory.Tokens.User(p.Value));
            tokens["anonymous"] = null;
            tokens["platform_admin"] = factory.Tokens.User(TeamsFactory.PlatformAdmin);
            tokens["narrow_token"] = factory.Tokens.ApiToken(people["owner"], permissions: ["teams.read"]);
            return new World { TeamId = teamId, Member = people["member"], Outsider = Scenario.NewEmail("outsider"), Tokens = tokens };
        }
    }
}

public sealed class AuthorizationMatrixOnSqliteTests(SqliteTeamsFactory factory) : AuthorizationMatrixTests(factory), IClassFixture<SqliteTeamsFactory>;

public sealed class AuthorizationMatrixOnPostgresTests : AuthorizationMatrixTests, IClassFixture<PostgresTeamsFactory>
{
    public AuthorizationMatrixOnPostgresTests(PostgresTeamsFactory factory) : base(factory) => factory.Require();
}
