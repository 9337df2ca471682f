using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authorization;
using McpGateway.ServiceDefaults.Messaging;
using McpGateway.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Teams.Tests.Policy;

/// <summary>
/// A replica's start-up window: it loads its policy before its own queue exists, so a change published in between
/// reaches only its service's database. The catch-up reads the store again once the replica listens and re-applies what
/// it heard since loading: it gains the unheard change and loses nothing it heard, a revocation the store has not
/// recorded yet included.
/// </summary>
public sealed class PolicyCatchUpTests
{
    private const string Alpha = "team-alpha";
    private const string Beta = "team-beta";
    private const string Ada = "ada@example.com";
    private const string Grace = "grace@example.com";

    private static PolicyState State(params (string Team, string Principal)[] memberships) => new(
        [new TeamFacts(Alpha, false, false, Ada), new TeamFacts(Beta, false, false, Ada)],
        memberships.Select(m => new PolicyState.Membership(m.Team, m.Principal, "member")).ToList(),
        [],
        []);

    private static bool IsMember(PolicyProjection projection, string team, string principal) =>
        projection.Current.PrincipalOrEmpty(principal).Memberships.ContainsKey(team);

    [Fact]
    public void A_catch_up_adds_what_the_store_gained_and_keeps_every_change_heard_since_loading()
    {
        var projection = new PolicyProjection();
        projection.Load(State((Alpha, Ada), (Alpha, Grace)));
        // Heard through the replica's queue: Grace leaves alpha (the store's consumer has not recorded it yet), Ada joins beta.
        projection.Apply(new TeamMemberRemoved(Alpha, Grace));
        projection.Apply(new TeamMemberAdded(Beta, Ada, "member"));

        // The store, read again: it gained Grace in beta (published before the queue existed, never heard here) and
        // still holds Grace in alpha.
        Assert.Equal(2, projection.CatchUp(State((Alpha, Ada), (Alpha, Grace), (Beta, Grace))));

        Assert.True(IsMember(projection, Beta, Grace));
        Assert.False(IsMember(projection, Alpha, Grace));
        Assert.True(IsMember(projection, Beta, Ada));
        Assert.True(IsMember(projection, Alpha, Ada));
    }

    [Fact]
    public void After_a_catch_up_events_are_no_longer_remembered()
    {
        var projection = new PolicyProjection();
        projection.Load(State());
        projection.Apply(new TeamMemberAdded(Alpha, Ada, "member"));
        Assert.Equal(1, projection.CatchUp(State((Alpha, Ada))));

        projection.Apply(new TeamMemberAdded(Beta, Ada, "member"));
        Assert.Equal(0, projection.CatchUp(State((Alpha, Ada), (Beta, Ada))));
        Assert.True(IsMember(projection, Beta, Ada));
    }

    [Fact]
    public async Task The_hosted_catch_up_reads_the_store_once_the_replica_listens_and_retries_a_failed_read()
    {
        var projection = new PolicyProjection();
        projection.Load(State((Alpha, Ada)));
        projection.Apply(new TeamMemberRemoved(Alpha, Ada));
        var reads = 0;
        Task<PolicyState> Read(IServiceProvider services, CancellationToken cancellationToken) =>
            ++reads == 1 ? throw new InvalidOperationException("database restarting") : Task.FromResult(State((Alpha, Ada), (Beta, Grace)));
        await using var services = new ServiceCollection().BuildServiceProvider();
        var listening = new ReplicaListening();
        using var catchUp = new PolicyCatchUp(services, projection, Read, listening, new MessagingSettings { Queue = "teams", LocalBusFile = "unused", PolicyCatchUpDelay = TimeSpan.FromMilliseconds(50) },
            TimeProvider.System, NullLogger<PolicyCatchUp>.Instance);

        await catchUp.StartAsync(TestContext.Current.CancellationToken);
        // Not before this replica's queue listens.
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Equal(0, reads);
        listening.Set();
        await Eventually.HoldsAsync(() => Task.FromResult(IsMember(projection, Beta, Grace)), TimeSpan.FromSeconds(10), "The catch-up never brought the stored change.");
        await catchUp.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, reads);
        Assert.False(IsMember(projection, Alpha, Ada));
    }
}
