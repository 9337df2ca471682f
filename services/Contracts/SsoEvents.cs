namespace McpGateway.Contracts;

/// <summary>A team (id or slug) and the role in it an identity provider's groups map to.</summary>
public sealed record AssertedMembership(string Team, string Role);

/// <summary>
/// After a sign-in through <paramref name="Provider"/>: the team memberships its groups map to, all of them. Teams
/// reconciles: adds what is missing, and removes what this provider granted earlier and no longer asserts; memberships
/// granted by hand are never touched.
/// </summary>
public sealed record SsoMembershipsAsserted(string Email, string Provider, IReadOnlyList<AssertedMembership> Memberships) : IntegrationEvent;

/// <summary>
/// The provider <paramref name="Provider"/> was deleted: teams removes every membership it granted (`sso:{provider}`),
/// leaving those granted by hand or by other providers.
/// </summary>
public sealed record SsoProviderDeleted(string Provider) : IntegrationEvent;
