using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using McpGateway.Deploy.Tests.Build;
using McpGateway.Deploy.Tests.Manifests;
using McpGateway.Deploy.Tests.Replicas;
using McpGateway.TestSupport;

namespace McpGateway.Deploy.Tests;

/// <summary>
/// The production overlay's pods, every replica at once (3 of each service, 2 gateways), started as processes with the
/// environment the rendered manifests give them, against a real PostgreSQL and RabbitMQ, as a cluster would start them
/// (see <see cref="LocalCluster"/> for the two things a cluster provides that are stood in for: pod addresses, Services),
/// with nothing writable but /tmp, as on the pods' read-only root filesystem (<see cref="PodReplica"/>).
/// </summary>
public sealed partial class ReplicaStartTests(ProductionReplicas replicas, ITestOutputHelper output) : IClassFixture<ProductionReplicas>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_production_replicas_start_at_once_migrate_once_and_serve_through_the_gateway()
    {
        var (cluster, adminEmail, adminPassword, _) = await replicas.StartAsync();

        Report(cluster);
        Assert.Equal(13, cluster.Pods.Count);
        // Only the stand-ins for pod addresses, Services and volumes differ from the manifests.
        Assert.All(cluster.Replacements, r => Assert.Matches(@": (ASPNETCORE_HTTP_PORTS|PORT|services__\w+__http__0|ADMIN_API_URL|ADMIN_UI_KEYS_DIR) ", r));
        // The pods run what the images hold: the published, precompiled assemblies (unless a benchmark asked for the build's).
        Assert.All(cluster.Pods, p => Assert.True(PublishedImages.IsReadyToRun(p.EntryAssembly) == PublishedImages.Precompiled, $"{p.EntryAssembly}: ReadyToRun is not {PublishedImages.Precompiled}"));
        EachServiceMigratedOnce(cluster);

        using var client = new HttpClient { BaseAddress = cluster.AddressOf("gateway", 80), Timeout = TimeSpan.FromSeconds(30) };
        // Each request on a new connection, so the gateway Service spreads them over both gateways.
        client.DefaultRequestHeaders.ConnectionClose = true;
        using (var health = await client.GetAsync("/health", Cancel))
        {
            Assert.True(health.StatusCode == HttpStatusCode.OK, $"/health: {(int)health.StatusCode} {await health.Content.ReadAsStringAsync(Cancel)}");
        }
        using var login = await client.PostAsJsonAsync("/auth/email/login", new { email = adminEmail, password = adminPassword }, Cancel);
        Assert.True(login.IsSuccessStatusCode, $"login: {(int)login.StatusCode} {await login.Content.ReadAsStringAsync(Cancel)}");
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        // Teams and catalog accept auth's token: the issuer is APP_DOMAIN everywhere, the keys come through the auth Service.
        using (var servers = await client.GetAsync("/servers", Cancel))
        {
            Assert.True(servers.IsSuccessStatusCode, $"/servers: {(int)servers.StatusCode} {await servers.Content.ReadAsStringAsync(Cancel)}");
        }
        // The administrator's personal team: auth's UserCreated event reached teams through RabbitMQ.
        await Eventually.HoldsAsync(async () =>
        {
            using var teams = await client.GetAsync("/teams/", Cancel);
            Assert.True(teams.IsSuccessStatusCode, $"/teams: {(int)teams.StatusCode} {await teams.Content.ReadAsStringAsync(Cancel)}");
            var list = (await teams.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("teams");
            return list.EnumerateArray().Any(t => t.GetProperty("is_personal").GetBoolean());
        }, TimeSpan.FromSeconds(60), "the administrator's personal team never appeared at teams", TimeSpan.FromMilliseconds(500));

        // The admin UI answers at /admin through the gateway: it sends a browser that has not signed in to the provider
        // on the public origin, with the provider's endpoints it read through the gateway Service (ADMIN_API_URL).
        var publicOrigin = cluster.Manifests.Workload("admin").MainContainer.EnvironmentOf(cluster.Manifests)["APP_DOMAIN"].Value!;
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false })
        {
            BaseAddress = cluster.AddressOf("gateway", 80),
            Timeout = TimeSpan.FromSeconds(30),
        };
        using var admin = await browser.GetAsync("/admin/", Cancel);
        Assert.True(admin.StatusCode == HttpStatusCode.Redirect, $"/admin/: {(int)admin.StatusCode} {await admin.Content.ReadAsStringAsync(Cancel)}");
        var signIn = admin.Headers.Location!.ToString();
        Assert.StartsWith(publicOrigin + "/", signIn, StringComparison.Ordinal);
        Assert.Contains("client_id=mcpgateway-admin", signIn, StringComparison.Ordinal);
        Assert.Contains("code_challenge=", signIn, StringComparison.Ordinal);

        // Every catalog and teams replica caught its policy up once its RabbitMQ bus listened (MESSAGING_POLICY_CATCH_UP_SECONDS).
        var withPolicy = cluster.Pods.Where(p => p.Workload.Name is "catalog" or "teams").ToList();
        IEnumerable<PodReplica> Behind() => withPolicy.Where(p => !p.Output.Contains("Policy caught up", StringComparison.Ordinal));
        await Eventually.HoldsAsync(() => Task.FromResult(!Behind().Any()), TimeSpan.FromSeconds(60),
            () => string.Join("\n", Behind().Select(p => $"{p.Name} never caught its policy up:\n{p.Output}")), TimeSpan.FromMilliseconds(500));
    }

    /// <summary>Every replica's `migrate` exited 0 at the same schema version, and the migrations were applied once in all.</summary>
    private static void EachServiceMigratedOnce(LocalCluster cluster)
    {
        foreach (var replicas in cluster.Pods.Where(p => p.InitContainers.Count > 0).GroupBy(p => p.Workload.Name))
        {
            var runs = replicas.Select(p => MigrateOutput().Match(Assert.Single(p.InitResults).Output)).ToList();
            Assert.All(runs, r => Assert.True(r.Success, "migrate printed no schema version"));
            Assert.Single(runs.Select(r => r.Groups["version"].Value).Distinct());
            var total = int.Parse(runs[0].Groups["total"].Value);
            Assert.True(total > 0);
            Assert.Equal(total, runs.Sum(r => int.Parse(r.Groups["applied"].Value)));
        }
    }

    /// <summary>Where the seconds went, per replica and phase (<see cref="PodTimeline"/>); bench/k8s-cold-start.sh reads these lines.</summary>
    private void Report(LocalCluster cluster)
    {
        output.WriteLine($"all {cluster.Pods.Count} replicas ready after {cluster.ReadyAfter.Values.Max().TotalSeconds:F1} s " +
            $"(load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}, {Environment.ProcessorCount} cores)");
        output.WriteLine($"  {"replica",-10} {"init",6} {"host",6} {"started",8} {"ready",6} {"total",6}");
        foreach (var (pod, after) in cluster.ReadyAfter.OrderBy(p => p.Value))
        {
            var timeline = cluster.Pods.Single(p => p.Name == pod).Timeline;
            var ready = cluster.StartedAt + after;
            output.WriteLine($"  {pod,-10} {Seconds(timeline.Exec, timeline.MainExec),6} {Seconds(timeline.MainExec, timeline.FirstLine),6} " +
                $"{Seconds(timeline.FirstLine, timeline.Started),8} {Seconds(timeline.Started, ready),6} {after.TotalSeconds,6:F1}");
        }
        foreach (var replacement in cluster.Replacements)
        {
            output.WriteLine($"  {replacement}");
        }
    }

    private static string Seconds(DateTime? from, DateTime? to) => from is { } f && to is { } t ? $"{(t - f).TotalSeconds:F1}" : "-";

    [GeneratedRegex(@"schema version (?<version>\S+) \((?<applied>\d+) of (?<total>\d+) migrations applied now\)")]
    private static partial Regex MigrateOutput();
}
