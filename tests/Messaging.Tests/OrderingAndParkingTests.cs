using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using McpGateway.TestSupport;

namespace McpGateway.Messaging.Tests;

/// <summary>
/// What a consumer sees of order and failure, on both transports: one producer's events are applied in the order they
/// were committed, even by replicas competing for one queue and one of them killed; a message a consumer keeps failing
/// on is parked after its attempts, the ones behind it flow on, and an administrator can list it and retry it.
/// </summary>
public sealed class OrderingAndParkingTests(RabbitMqServer rabbitMq)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    public static TheoryData<Transport> Transports => new(Transport.Local, Transport.RabbitMq);

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Replicas_sharing_a_queue_apply_one_producers_events_in_commit_order_even_when_one_is_killed(Transport transport)
    {
        const int count = 600;
        await using var deployment = await MessagingDeployment.CreateAsync(transport, rabbitMq);
        var replicas = new List<HostProcess> { await deployment.StartConsumerAsync(), await deployment.StartConsumerAsync() };
        await using var producer = deployment.StartProducer(count, rate: 150);

        await Eventually.HoldsAsync(async () => (await deployment.EffectsAsync()).Distinct >= count / 3, Patience);
        // Kill whichever replica applied the latest effect: the one reading the queue now.
        var active = await ActivePidAsync(deployment);
        var victim = replicas.Single(r => r.Pid == active);
        await victim.KillAsync();
        try
        {
            await deployment.WaitForEffectsAsync(count, Patience, [.. replicas, producer]);

            var emails = await deployment.EffectEmailsInOrderAsync();
            Assert.Equal(count, emails.Count);
            Assert.Equal(emails.Order(StringComparer.Ordinal), emails);
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_message_failing_every_attempt_is_parked_the_rest_flow_on_and_an_administrator_can_retry_it(Transport transport)
    {
        await using var deployment = await MessagingDeployment.CreateAsync(transport, rabbitMq);
        var port = PostgresServer.FreePort();
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["BASIC_AUTH_USER"] = "admin",
            ["BASIC_AUTH_PASSWORD"] = "parked-test-password",
        };
        var failing = await deployment.StartConsumerAsync(new Dictionary<string, string>(settings) { ["FAIL_EMAILS_CONTAINING"] = "poison" });
        foreach (var (count, prefix) in new[] { (3, "before"), (1, "poison"), (3, "after") })
        {
            await using var producer = deployment.StartProducer(count, prefix: prefix, exitWhenRelayed: true);
            await producer.WaitForCleanExitAsync(Patience);
        }

        await deployment.WaitForEffectsAsync(6, Patience, failing);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:parked-test-password")));
        var parked = await http.GetFromJsonAsync<JsonElement>("/admin/messaging/parked", TestContext.Current.CancellationToken);
        Assert.Equal(1, parked.GetArrayLength());
        Assert.Equal("EffectRecorder", parked[0].GetProperty("consumer").GetString());
        Assert.Equal(3, parked[0].GetProperty("attempts").GetInt32());
        Assert.Contains("poison", parked[0].GetProperty("error").GetString());
        Assert.DoesNotContain(await deployment.EffectEmailsInOrderAsync(), e => e.Contains("poison", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, (await new HttpClient().GetAsync($"http://127.0.0.1:{port}/admin/messaging/parked", TestContext.Current.CancellationToken)).StatusCode);

        // The cause is fixed (the consumer no longer fails on it); the administrator retries it.
        await failing.DisposeAsync();
        await using var fixedConsumer = await deployment.StartConsumerAsync(settings);
        using var retry = await http.PostAsync($"/admin/messaging/parked/{parked[0].GetProperty("id").GetString()}/retry", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);

        await deployment.WaitForEffectsAsync(7, Patience, fixedConsumer);
        Assert.Equal(0, await deployment.ParkedAsync());
        Assert.Contains(await deployment.EffectEmailsInOrderAsync(), e => e.StartsWith("poison", StringComparison.Ordinal));
        using var unknown = await http.PostAsync($"/admin/messaging/parked/{Guid.NewGuid()}/retry", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static async Task<int> ActivePidAsync(MessagingDeployment deployment)
    {
        await using var connection = await deployment.OpenAsync(MessagingDeployment.Consumer);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT process_id FROM effects ORDER BY id DESC LIMIT 1";
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }
}
