using System.Security.Claims;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authentication;
using McpGateway.ServiceDefaults.Authorization;
using Microsoft.Extensions.Options;

namespace McpGateway.Bench.PolicyDecision;

/// <summary>
/// One policy decision, as every request makes it, on a projection of a large tenant: 10,000 users, 2,000 teams, each
/// user in 5 teams with a developer grant in one of them and a custom global role for every tenth user. Target: p50
/// under 5 µs. The projection is built from the same events other services receive.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class PolicyDecisionBenchmarks
{
    private const int Users = 10_000;
    private const int Teams = 2_000;

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(StatisticColumn.P50, StatisticColumn.P95);
            SummaryStyle = SummaryStyle.Default.WithTimeUnit(Perfolizer.Horology.TimeUnit.Microsecond);
        }
    }

    private PolicyEvaluator _policy = null!;
    private Caller _developer = null!;
    private Caller _member = null!;
    private Caller _stranger = null!;
    private Caller _narrowToken = null!;
    private ClaimsPrincipal _apiTokenPrincipal = null!;
    private string _team = "";
    private ScopedEntity _teamTool;
    private ScopedEntity _privateTool;

    [GlobalSetup]
    public void Setup()
    {
        var projection = new PolicyProjection();
        for (var t = 0; t < Teams; t++)
        {
            projection.Apply(new TeamCreated($"team-{t}", $"Team {t}", $"team-{t}", false, t % 4 == 0 ? "public" : "private", $"user-{t}@example.com"));
        }
        var custom = new[] { Permissions.GatewaysRead, Permissions.ServersRead };
        for (var u = 0; u < Users; u++)
        {
            var email = $"user-{u}@example.com";
            for (var k = 0; k < 5; k++)
            {
                projection.Apply(new TeamMemberAdded($"team-{(u + k * 397) % Teams}", email, k == 0 && u < Teams ? "owner" : "member"));
            }
            var role = DefaultRoles.Developer;
            projection.Apply(new RoleAssigned($"grant-{u}", email, role.Id, role.Name, RoleScopes.Team, $"team-{(u + 397) % Teams}", [.. role.Permissions], null));
            if (u % 10 == 0)
            {
                projection.Apply(new RoleAssigned($"custom-{u}", email, "ops", "ops", RoleScopes.Global, null, custom, null));
            }
        }
        _policy = new PolicyEvaluator(projection, TimeProvider.System, Options.Create(new TokenAuthenticationOptions()));
        _team = $"team-{(4242 + 397) % Teams}";
        _developer = Caller.ForUser("user-4242@example.com");
        _member = Caller.ForUser($"user-{(4242 + 397) % Teams + Teams}@example.com");
        _stranger = Caller.ForUser("nobody@example.com");
        _teamTool = new ScopedEntity(_team, "user-1@example.com", Visibility.Team);
        _privateTool = new ScopedEntity(_team, "user-4242@example.com", Visibility.Private);
        _apiTokenPrincipal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim("sub", "user-4242@example.com"), new Claim("email", "user-4242@example.com"), new Claim("token_use", "api"),
            new Claim("team_id", _team), new Claim("permissions", Permissions.ToolsExecute), new Claim("permissions", Permissions.ToolsRead),
            new Claim("jti", "x"), new Claim("is_admin", "false"),
        ], TokenAuthenticationDefaults.BearerScheme));
        _narrowToken = Caller.From(_apiTokenPrincipal);
        if (!_policy.IsAllowed(_developer, Permissions.ToolsExecute, _team) || _policy.IsAllowed(_stranger, Permissions.ToolsRead, _team)
            || !_policy.IsAllowed(_narrowToken, Permissions.ToolsExecute, _team))
        {
            throw new InvalidOperationException("The benchmark's projection does not decide as intended.");
        }
    }

    [Benchmark(Description = "IsAllowed tools.execute, developer grant in the team")]
    public bool DeveloperMayExecute() => _policy.IsAllowed(_developer, Permissions.ToolsExecute, _team);

    [Benchmark(Description = "IsAllowed tools.read, plain membership")]
    public bool MemberMayRead() => _policy.IsAllowed(_member, Permissions.ToolsRead, _team);

    [Benchmark(Description = "IsAllowed tools.delete, denied (member, no grant)")]
    public bool MemberMayNotDelete() => _policy.IsAllowed(_member, Permissions.ToolsDelete, _team);

    [Benchmark(Description = "IsAllowed, stranger denied")]
    public bool StrangerMayNotRead() => _policy.IsAllowed(_stranger, Permissions.ToolsRead, _team);

    [Benchmark(Description = "IsAllowed, API token narrowed to team + permissions")]
    public bool NarrowTokenMayExecute() => _policy.IsAllowed(_narrowToken, Permissions.ToolsExecute, _team);

    [Benchmark(Description = "CanSee team-visibility entity (member)")]
    public bool MemberSeesTeamTool() => _policy.CanSee(_developer, _teamTool);

    [Benchmark(Description = "CanSee private entity (owner)")]
    public bool OwnerSeesPrivateTool() => _policy.CanSee(_developer, _privateTool);

    [Benchmark(Description = "Caller.From(API token principal)")]
    public Caller CallerFromPrincipal() => Caller.From(_apiTokenPrincipal);

    [Benchmark(Description = "Caller.From + IsAllowed (a request's whole decision)")]
    public bool WholeDecision() => _policy.IsAllowed(Caller.From(_apiTokenPrincipal), Permissions.ToolsExecute, _team);
}
