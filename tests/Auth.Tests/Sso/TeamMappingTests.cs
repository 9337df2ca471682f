using System.Net;
using System.Text.Json;
using McpGateway.Auth.Model;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.Tests.Sso;

/// <summary>A provider's team mapping: every sign-in states the memberships its groups map to, for teams to reconcile.</summary>
public sealed class TeamMappingTests(SsoFixture fixture) : IClassFixture<SsoFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_sign_in_publishes_the_mapped_memberships_and_an_empty_set_once_the_group_is_gone()
    {
        var id = await MappedProviderAsync("""{"groups_claim":"groups","rules":[{"group":"eng","team":"engineering","role":"member"},{"group":"leads","team":"engineering","role":"owner"},{"group":"ops","team":"operations"}]}""");
        var email = AuthFactory.NewEmail("mapped");

        fixture.Idp.NextUser = new UpstreamUser(email, Groups: ["eng", "ops", "unmapped"]);
        await SignInAsync(id);
        fixture.Idp.NextUser = new UpstreamUser(email, Groups: []);
        await SignInAsync(id);

        var asserted = await fixture.WithDbAsync(db => db.Set<ServiceDefaults.Messaging.OutboxMessage>()
            .Where(m => m.Type == "McpGateway.Contracts.SsoMembershipsAsserted" && m.Payload.Contains(email)).OrderBy(m => m.Sequence).ToListAsync(Cancel));
        Assert.Equal(2, asserted.Count);
        var first = JsonDocument.Parse(asserted[0].Payload).RootElement;
        Assert.Equal(id, first.GetProperty("provider").GetString());
        Assert.Equal(["engineering:member", "operations:member"], first.GetProperty("memberships").EnumerateArray()
            .Select(m => $"{m.GetProperty("team").GetString()}:{m.GetProperty("role").GetString()}").Order().ToArray());
        Assert.Empty(JsonDocument.Parse(asserted[1].Payload).RootElement.GetProperty("memberships").EnumerateArray());
    }

    [Fact]
    public async Task A_provider_without_a_mapping_publishes_no_memberships()
    {
        var email = AuthFactory.NewEmail("unmapped");
        fixture.Idp.NextUser = new UpstreamUser(email, Groups: ["eng"]);

        await SignInAsync(SsoFixture.ProviderId);

        Assert.False(await fixture.WithDbAsync(db => db.Set<ServiceDefaults.Messaging.OutboxMessage>()
            .AnyAsync(m => m.Type == "McpGateway.Contracts.SsoMembershipsAsserted" && m.Payload.Contains(email), Cancel)));
    }

    private async Task SignInAsync(string provider)
    {
        using var browser = new SsoBrowser(fixture.Host);
        using var response = await browser.SignInAsync(provider);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancel));
    }

    /// <summary>A copy of the configured provider with a team mapping, added to the table as the admin API would.</summary>
    private Task<string> MappedProviderAsync(string mapping) => fixture.WithDbAsync(async db =>
    {
        var corp = await db.SsoProviders.AsNoTracking().SingleAsync(p => p.Id == SsoFixture.ProviderId, Cancel);
        var id = $"mapped-{Guid.NewGuid():N}"[..16];
        corp.Id = id;
        corp.Name = id;
        corp.TeamMapping = mapping;
        db.SsoProviders.Add(corp);
        await db.SaveChangesAsync(Cancel);
        return id;
    });
}
