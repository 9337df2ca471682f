using System.Collections.Frozen;
using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authentication;
using McpGateway.ServiceDefaults.Authorization;
using Microsoft.Extensions.Options;
using static McpGateway.ServiceDefaults.Authorization.Permissions;

namespace McpGateway.Teams.Tests.Policy;

/// <summary>Every rule of the one policy, decided on a projection built from the same events other services receive.</summary>
public sealed class PolicyEvaluatorTests
{
    private const string Admin = "root@example.com";
    private const string Owner = "owner@example.com";
    private const string Member = "member@example.com";
    private const string Dev = "dev@example.com";
    private const string Viewer = "viewer@example.com";
    private const string Stranger = "stranger@example.com";
    private const string Alpha = "team-alpha";
    private const string Beta = "team-beta";
    private const string PublicTeam = "team-public";
    private const string OwnersPersonal = "personal-owner";

    private readonly PolicyProjection _projection = new();
    private readonly ManualTime _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly PolicyEvaluator _policy;

    public PolicyEvaluatorTests()
    {
        _policy = new PolicyEvaluator(_projection, _time, Options.Create(new TokenAuthenticationOptions { PlatformAdminEmail = Admin }));
        _projection.Apply(new TeamCreated(Alpha, "Alpha", "alpha", false, "private", Owner));
        _projection.Apply(new TeamCreated(Beta, "Beta", "beta", false, "private", Stranger));
        _projection.Apply(new TeamCreated(PublicTeam, "Open", "open", false, "public", Stranger));
        _projection.Apply(new TeamCreated(OwnersPersonal, "Owner's Team", "personal-owner", true, "private", Owner));
        _projection.Apply(new TeamMemberAdded(Alpha, Owner, "owner"));
        _projection.Apply(new TeamMemberAdded(Alpha, Member, "member"));
        _projection.Apply(new TeamMemberAdded(Alpha, Dev, "member"));
        _projection.Apply(new TeamMemberAdded(Alpha, Viewer, "member"));
        _projection.Apply(new TeamMemberAdded(Beta, Stranger, "owner"));
        _projection.Apply(new TeamMemberAdded(PublicTeam, Stranger, "owner"));
        _projection.Apply(new TeamMemberAdded(OwnersPersonal, Owner, "owner"));
        Grant("a-dev", Dev, DefaultRoles.Developer, RoleScopes.Team, Alpha);
        Grant("a-viewer", Viewer, DefaultRoles.Viewer, RoleScopes.Team, Alpha);
    }

    private void Grant(string id, string principal, DefaultRole role, string scope, string? scopeId, DateTime? expires = null) =>
        _projection.Apply(new RoleAssigned(id, principal, role.Id, role.Name, scope, scopeId, [.. role.Permissions], expires));

    private static Caller User(string email) => Caller.ForUser(email);

    private static Caller Token(string email, string? team = null, string[]? permissions = null) =>
        Caller.ForUser(email, new TokenScope(team, permissions?.ToFrozenSet(StringComparer.Ordinal), null));

    [Fact]
    public void Anonymous_callers_hold_nothing_and_see_nothing()
    {
        Assert.False(_policy.IsAllowed(Caller.Anonymous, TeamsCreate));
        Assert.False(_policy.CanSee(Caller.Anonymous, new ScopedEntity(null, null, Visibility.Public)));
        Assert.False(_policy.CanSeeTeam(Caller.Anonymous, PublicTeam));
    }

    [Theory]
    [InlineData("tools.fly")]
    [InlineData("*")]
    [InlineData("")]
    [InlineData("TOOLS.READ")]
    public void An_unknown_permission_is_never_granted_even_to_the_platform_admin(string permission)
    {
        Assert.False(_policy.IsAllowed(User(Admin), permission));
        Assert.False(_policy.IsAllowed(User(Admin), permission, Alpha));
    }

    [Theory]
    [InlineData(Owner, true, true, true, true)]
    [InlineData(Member, false, false, false, false)]
    [InlineData(Dev, true, true, false, false)]
    [InlineData(Viewer, false, false, false, false)]
    [InlineData(Stranger, false, false, false, false)]
    [InlineData(Admin, true, true, true, true)]
    public void Roles_and_membership_decide_what_a_caller_may_do_in_a_team(string who, bool create, bool execute, bool manageMembers, bool deleteTeam)
    {
        Assert.Equal(create, _policy.IsAllowed(User(who), ToolsCreate, Alpha));
        Assert.Equal(execute, _policy.IsAllowed(User(who), ToolsExecute, Alpha));
        Assert.Equal(manageMembers, _policy.IsAllowed(User(who), TeamsManageMembers, Alpha));
        Assert.Equal(deleteTeam, _policy.IsAllowed(User(who), TeamsDelete, Alpha));
    }

    [Theory]
    [InlineData(Owner, true)]
    [InlineData(Member, true)]
    [InlineData(Dev, true)]
    [InlineData(Viewer, true)]
    [InlineData(Stranger, false)]
    public void Every_member_reads_their_team_and_nobody_else_does(string who, bool reads)
    {
        Assert.Equal(reads, _policy.IsAllowed(User(who), ToolsRead, Alpha));
        Assert.Equal(reads, _policy.IsAllowed(User(who), TeamsRead, Alpha));
    }

    [Fact]
    public void A_team_role_applies_in_its_team_only()
    {
        _projection.Apply(new TeamMemberAdded(Beta, Dev, "member"));

        Assert.True(_policy.IsAllowed(User(Dev), ToolsCreate, Alpha));
        Assert.False(_policy.IsAllowed(User(Dev), ToolsCreate, Beta));
        Assert.False(_policy.IsAllowed(User(Dev), ToolsCreate));
    }

    [Fact]
    public void A_global_role_applies_in_every_team_and_outside_them()
    {
        Grant("g-dev", Stranger, DefaultRoles.Developer, RoleScopes.Global, null);

        Assert.True(_policy.IsAllowed(User(Stranger), ToolsExecute, Alpha));
        Assert.True(_policy.IsAllowed(User(Stranger), ToolsExecute));
        Assert.False(_policy.IsAllowed(User(Stranger), TeamsManageMembers, Alpha));
    }

    [Fact]
    public void A_personal_role_applies_in_the_holders_personal_team_only()
    {
        var custom = new RoleAssigned("p-1", Member, "custom-personal", "personal-exec", RoleScopes.Personal, null, [PromptsExecute], null);
        _projection.Apply(new TeamCreated("personal-member", "Member's Team", "personal-member", true, "private", Member));
        _projection.Apply(custom);

        Assert.True(_policy.IsAllowed(User(Member), PromptsExecute, "personal-member"));
        Assert.False(_policy.IsAllowed(User(Member), PromptsExecute, Alpha));
        Assert.False(_policy.IsAllowed(User(Member), PromptsExecute));
    }

    [Fact]
    public void Any_user_may_create_read_and_join_teams_outside_any_team_but_nothing_more()
    {
        Assert.True(_policy.IsAllowed(User(Stranger), TeamsCreate));
        Assert.True(_policy.IsAllowed(User(Stranger), TeamsJoin));
        Assert.False(_policy.IsAllowed(User(Stranger), ToolsCreate));
        Assert.False(_policy.IsAllowed(User(Stranger), AdminSecurityAudit));
    }

    [Fact]
    public void The_platform_admin_holds_everything_by_role_and_by_PLATFORM_ADMIN_EMAIL()
    {
        Grant("g-admin", Stranger, DefaultRoles.PlatformAdmin, RoleScopes.Global, null);

        foreach (var who in new[] { Admin, Stranger })
        {
            Assert.True(_policy.IsPlatformAdmin(User(who)));
            Assert.All(Permissions.All, p => Assert.True(_policy.IsAllowed(User(who), p, Alpha)));
            Assert.True(_policy.CanSee(User(who), new ScopedEntity(Alpha, Owner, Visibility.Private)));
        }
    }

    [Fact]
    public void A_wildcard_role_granted_in_a_team_does_not_make_a_platform_admin()
    {
        _projection.Apply(new RoleAssigned("t-star", Member, "star", "star", RoleScopes.Team, Alpha, [Wildcard], null));

        Assert.True(_policy.IsAllowed(User(Member), ToolsDelete, Alpha));
        Assert.False(_policy.IsPlatformAdmin(User(Member)));
        Assert.False(_policy.IsAllowed(User(Member), AdminSecurityAudit));
        Assert.False(_policy.CanSee(User(Member), new ScopedEntity(Beta, Stranger, Visibility.Team)));
    }

    [Fact]
    public void The_is_admin_claim_grants_nothing_the_projection_does_not()
    {
        var principal = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new("sub", Stranger), new("email", Stranger), new("is_admin", "true")], "Bearer"));

        var caller = Caller.From(principal);

        Assert.False(_policy.IsPlatformAdmin(caller));
        Assert.False(_policy.IsAllowed(caller, AdminUserManagement));
    }

    [Fact]
    public void A_token_never_grants_more_than_its_user_holds_now()
    {
        Assert.False(_policy.IsAllowed(Token(Member, Alpha, [ToolsCreate]), ToolsCreate, Alpha));
        Assert.False(_policy.IsAllowed(Token(Stranger, Alpha), ToolsRead, Alpha));
        Assert.False(_policy.CanSee(Token(Stranger, Alpha), new ScopedEntity(Alpha, Owner, Visibility.Team)));
        Assert.False(_policy.CanSeeTeam(Token(Stranger, Alpha), Alpha));
    }

    [Fact]
    public void A_token_scoped_to_permissions_may_use_only_those()
    {
        var token = Token(Dev, null, [ToolsExecute]);

        Assert.True(_policy.IsAllowed(token, ToolsExecute, Alpha));
        Assert.False(_policy.IsAllowed(token, ToolsCreate, Alpha));
        Assert.False(_policy.IsAllowed(token, TeamsCreate));
        Assert.Equal([ToolsExecute], _policy.PermissionsOf(token, Alpha));
    }

    [Fact]
    public void A_token_scoped_to_a_team_acts_in_that_team_only_and_sees_it_and_public_entities()
    {
        _projection.Apply(new TeamMemberAdded(Beta, Dev, "member"));
        var token = Token(Dev, Alpha);

        Assert.True(_policy.IsAllowed(token, ToolsCreate, Alpha));
        Assert.False(_policy.IsAllowed(token, ToolsRead, Beta));
        Assert.False(_policy.IsAllowed(token, TeamsCreate));
        Assert.True(_policy.CanSee(token, new ScopedEntity(Alpha, Owner, Visibility.Team)));
        Assert.False(_policy.CanSee(token, new ScopedEntity(Beta, Stranger, Visibility.Team)));
        Assert.True(_policy.CanSee(token, new ScopedEntity(Beta, Stranger, Visibility.Public)));
        Assert.False(_policy.IsPlatformAdmin(Token(Admin, Alpha)));
    }

    [Fact]
    public void A_token_of_the_platform_admin_narrowed_to_read_is_read_only()
    {
        var token = Token(Admin, null, [ToolsRead]);

        Assert.True(_policy.IsAllowed(token, ToolsRead, Beta));
        Assert.False(_policy.IsAllowed(token, ToolsDelete, Beta));
        Assert.False(_policy.IsAllowed(token, AdminSecurityAudit));
    }

    [Fact]
    public void A_token_restricted_to_no_permissions_may_do_nothing()
    {
        Assert.Empty(_policy.PermissionsOf(Token(Owner, null, []), Alpha));
    }

    [Theory]
    [InlineData(Visibility.Public, Stranger, true)]
    [InlineData(Visibility.Team, Member, true)]
    [InlineData(Visibility.Team, Stranger, false)]
    [InlineData(Visibility.Private, Owner, true)]
    [InlineData(Visibility.Private, Member, false)]
    [InlineData(Visibility.Private, Admin, true)]
    [InlineData("internal", Owner, false)]
    public void Visibility_decides_who_sees_an_entity(string visibility, string who, bool sees)
    {
        Assert.Equal(sees, _policy.CanSee(User(who), new ScopedEntity(Alpha, Owner, visibility)));
    }

    [Fact]
    public void Owners_are_compared_as_normalized_emails()
    {
        Assert.True(_policy.CanSee(User(" OWNER@Example.com "), new ScopedEntity(Alpha, "Owner@example.COM", Visibility.Private)));
    }

    [Fact]
    public void A_team_is_seen_by_its_members_and_a_public_team_by_everyone()
    {
        Assert.True(_policy.CanSeeTeam(User(Member), Alpha));
        Assert.False(_policy.CanSeeTeam(User(Stranger), Alpha));
        Assert.True(_policy.CanSeeTeam(User(Member), PublicTeam));
        Assert.False(_policy.CanSeeTeam(User(Member), OwnersPersonal));
        Assert.True(_policy.CanSeeTeam(User(Admin), OwnersPersonal));
        Assert.False(_policy.CanSeeTeam(User(Admin), "no-such-team"));
    }

    [Fact]
    public void A_client_without_a_user_holds_nothing_until_a_role_is_granted_to_it()
    {
        var client = Caller.ForClient("ci-bot");
        Assert.False(_policy.IsAllowed(client, TeamsCreate));
        Assert.False(_policy.IsAllowed(client, ToolsRead, Alpha));
        Assert.False(_policy.CanSee(client, new ScopedEntity(Alpha, "ci-bot", Visibility.Private)));

        _projection.Apply(new RoleAssigned("c-1", "ci-bot", DefaultRoles.Developer.Id, "developer", RoleScopes.Team, Alpha, [.. DefaultRoles.Developer.Permissions], null));

        Assert.True(_policy.IsAllowed(client, ToolsExecute, Alpha));
        Assert.False(_policy.IsAllowed(client, ToolsExecute, Beta));
    }

    [Fact]
    public void An_expired_grant_grants_nothing()
    {
        Grant("g-exp", Stranger, DefaultRoles.Developer, RoleScopes.Global, null, _time.GetUtcNow().UtcDateTime.AddMinutes(5));
        Assert.True(_policy.IsAllowed(User(Stranger), ToolsExecute, Alpha));

        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.False(_policy.IsAllowed(User(Stranger), ToolsExecute, Alpha));
    }

    [Fact]
    public void Changes_reach_decisions_at_once_and_replaying_them_changes_nothing()
    {
        var removed = new TeamMemberRemoved(Alpha, Dev);
        _projection.Apply(removed);
        _projection.Apply(removed);
        var revoked = new RoleRevoked("a-dev", Dev, DefaultRoles.Developer.Id, RoleScopes.Team, Alpha);
        _projection.Apply(revoked);
        _projection.Apply(revoked);

        Assert.False(_policy.IsAllowed(User(Dev), ToolsRead, Alpha));
        Assert.False(_policy.CanSeeTeam(User(Dev), Alpha));
    }

    [Fact]
    public void A_deleted_team_takes_its_memberships_and_grants_with_it()
    {
        _projection.Apply(new TeamDeleted(Alpha));

        Assert.False(_policy.IsAllowed(User(Owner), TeamsRead, Alpha));
        Assert.False(_policy.CanSee(User(Member), new ScopedEntity(Alpha, Owner, Visibility.Team)));
        Assert.DoesNotContain(_projection.Current.PrincipalOrEmpty(Dev).Assignments.Values, a => a.ScopeId == Alpha);
    }

    [Fact]
    public void A_changed_custom_role_changes_what_its_holders_may_do()
    {
        _projection.Apply(new RoleAssigned("c-role", Member, "ops", "ops", RoleScopes.Team, Alpha, [ToolsExecute], null));
        Assert.True(_policy.IsAllowed(User(Member), ToolsExecute, Alpha));

        _projection.Apply(new RoleUpdated("ops", "ops", []));

        Assert.False(_policy.IsAllowed(User(Member), ToolsExecute, Alpha));
    }

    [Fact]
    public void Built_in_roles_cannot_be_widened_by_an_event()
    {
        _projection.Apply(new RoleUpdated(DefaultRoles.Viewer.Id, "viewer", [Wildcard]));

        Assert.False(_policy.IsAllowed(User(Viewer), ToolsDelete, Alpha));
    }

    [Fact]
    public void A_team_made_public_is_discoverable_and_made_private_again_is_not()
    {
        _projection.Apply(new TeamUpdated(Beta, "Beta", "beta", "public"));
        Assert.True(_policy.CanSeeTeam(User(Member), Beta));

        _projection.Apply(new TeamUpdated(Beta, "Beta", "beta", "private"));
        Assert.False(_policy.CanSeeTeam(User(Member), Beta));
    }

    [Fact]
    public void Loading_a_state_replaces_the_projection()
    {
        _projection.Load(new PolicyState(
            [new TeamFacts("t", false, false, Owner)],
            [new PolicyState.Membership("t", Member, "owner")],
            [],
            []));

        Assert.True(_policy.IsAllowed(User(Member), TeamsDelete, "t"));
        Assert.False(_policy.IsAllowed(User(Dev), ToolsCreate, Alpha));
    }

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
