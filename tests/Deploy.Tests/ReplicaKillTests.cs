using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using McpGateway.Deploy.Tests.Replicas;
using Npgsql;

namespace McpGateway.Deploy.Tests;

/// <summary>
/// The same started production replicas (<see cref="ProductionReplicas"/>), under a steady load through the gateway
/// Service, losing one replica of each service and one gateway in turn, by SIGKILL: every read the client retries
/// succeeds, every write that was answered with a success is there afterwards, and every event those writes emitted
/// reached its consumer.
/// </summary>
public sealed partial class ReplicaStartTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Killing_a_replica_of_each_service_and_a_gateway_under_load_loses_no_retried_request_and_no_event()
    {
        var (cluster, adminEmail, adminPassword, database) = await replicas.StartAsync();
        using var client = new HttpClient { BaseAddress = cluster.AddressOf("gateway", 80), Timeout = TimeSpan.FromSeconds(30) };
        // A new connection per request, as many clients behind a load balancer: the gateway Service spreads them.
        client.DefaultRequestHeaders.ConnectionClose = true;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(client, adminEmail, adminPassword));
        var load = new SteadyLoad(client, Guid.NewGuid().ToString("N")[..6]);

        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 3).Select(worker => Task.Run(() => load.RunAsync(worker, stop.Token), Cancel)).ToList();
        await Task.Delay(Settle, Cancel);
        foreach (var service in new[] { "auth", "teams", "catalog", "gateway" })
        {
            var victim = await VictimAsync(cluster, service, database);
            output.WriteLine($"killing {victim.Name} (pid {victim.Pid}); so far: {load.Summary}");
            await cluster.KillAsync(victim);
            await Task.Delay(Settle, Cancel);
        }
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        output.WriteLine($"load done: {load.Summary}");
        foreach (var failure in load.WritesFailedInTransit.Concat(load.Unexpected).Concat(load.ReadsGivenUp).Take(20))
        {
            output.WriteLine($"  {failure}");
        }

        Assert.Empty(load.ReadsGivenUp);
        Assert.Empty(load.Unexpected);
        Assert.NotEmpty(load.UsersCreated);
        Assert.NotEmpty(load.TeamsCreated);
        // Every write answered with a success is there, read through the surviving replicas.
        foreach (var email in load.UsersCreated)
        {
            Assert.Null(await load.ReadAsync($"/auth/email/admin/users/{Uri.EscapeDataString(email)}"));
        }
        foreach (var team in load.TeamsCreated)
        {
            Assert.Null(await load.ReadAsync($"/teams/{team}"));
        }
        // Every UserCreated those writes emitted reached teams: each user has a personal team.
        var missing = load.UsersCreated.ToHashSet();
        for (var deadline = DateTime.UtcNow.AddMinutes(1); missing.Count > 0 && DateTime.UtcNow < deadline; await Task.Delay(500, Cancel))
        {
            missing.ExceptWith(await PersonalTeamOwnersAsync(database));
        }
        Assert.True(missing.Count == 0, $"{missing.Count} of {load.UsersCreated.Count} users have no personal team: {string.Join(", ", missing.Take(5))}");
    }

    /// <summary>
    /// The replica whose death tests the most: the one relaying the service's outbox (the lease holder, mid-batch if it
    /// is busy), else the first live one.
    /// </summary>
    private static async Task<PodReplica> VictimAsync(LocalCluster cluster, string service, string database)
    {
        var live = cluster.Pods.Where(p => p.Workload.Name == service && !p.HasExited).ToList();
        if (service != "gateway")
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync(Cancel);
            await using var command = new NpgsqlCommand($"SELECT holder FROM \"{service}\".outbox_leases", connection);
            if (await command.ExecuteScalarAsync(Cancel) is string holder && holder.Split('/') is [_, var pid, _]
                && live.FirstOrDefault(p => p.Pid.ToString() == pid) is { } relay)
            {
                return relay;
            }
        }
        return live[0];
    }

    private static async Task<IReadOnlyList<string>> PersonalTeamOwnersAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand("SELECT created_by FROM teams.email_teams WHERE is_personal", connection);
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        var owners = new List<string>();
        while (await reader.ReadAsync(Cancel))
        {
            owners.Add(reader.GetString(0));
        }
        return owners;
    }

    private static async Task<string> LoginAsync(HttpClient client, string email, string password)
    {
        using var login = await client.PostAsJsonAsync("/auth/email/login", new { email, password }, Cancel);
        Assert.True(login.IsSuccessStatusCode, $"login: {(int)login.StatusCode} {await login.Content.ReadAsStringAsync(Cancel)}");
        return (await login.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("access_token").GetString()!;
    }
}
