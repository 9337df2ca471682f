using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace McpGateway.Deploy.Tests.Replicas;

/// <summary>
/// A client sending a steady mix through the gateway, as an administrator's tools would: an authenticated teams read,
/// a catalog read, a user created at auth (whose UserCreated event gives the user a personal team at teams) and a team
/// created at teams. Reads are idempotent, so they are retried on what a dying replica causes - a failed connection,
/// 502, 503, 504 - until they succeed (or a minute passes: a read given up on); writes are sent once, and what they
/// answered is recorded: a success must be there afterwards, a failure may or may not have been applied.
/// </summary>
public sealed class SteadyLoad(HttpClient client, string runId)
{
    private static readonly TimeSpan ReadPatience = TimeSpan.FromMinutes(1);
    private int _requests;
    private int _retries;

    public ConcurrentBag<string> UsersCreated { get; } = [];
    public ConcurrentBag<string> TeamsCreated { get; } = [];
    public ConcurrentBag<string> WritesFailedInTransit { get; } = [];
    /// <summary>Answers no retry can explain (a 500, a 401...): each one is a bug.</summary>
    public ConcurrentBag<string> Unexpected { get; } = [];
    public ConcurrentBag<string> ReadsGivenUp { get; } = [];

    public string Summary =>
        $"{_requests} requests, {_retries} read retries, {UsersCreated.Count} users and {TeamsCreated.Count} teams created, " +
        $"{WritesFailedInTransit.Count} writes failed in transit, {Unexpected.Count} unexpected answers, {ReadsGivenUp.Count} reads given up";

    private const int MaxTeamsCreated = 40;

    /// <summary>One worker: the four requests in turn until <paramref name="stop"/>.</summary>
    public async Task RunAsync(int worker, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            switch (i % 4)
            {
                case 0:
                    await ReadAsync("/teams/");
                    break;
                case 1:
                    await ReadAsync("/servers");
                    break;
                case 2:
                    var email = $"load-{runId}-{worker}-{i}@example.com";
                    if (await WriteAsync("/auth/email/admin/users", new { email, password = "Load-Test-Passw0rd!", full_name = $"Load {worker}/{i}" }) is not null)
                    {
                        UsersCreated.Add(email);
                    }
                    break;
                // The administrator's teams stop at MAX_TEAMS_PER_USER (50 by default, the personal team included): past
                // 40 created, the worker reads instead, so that a long run never mistakes the limit's 409 for a lost write.
                case 3 when TeamsCreated.Count >= MaxTeamsCreated:
                    await ReadAsync("/teams/");
                    break;
                case 3:
                    if (await WriteAsync("/teams", new { name = $"load {runId} {worker}/{i}", visibility = "private" }) is { } team)
                    {
                        TeamsCreated.Add(team.GetProperty("id").ToString());
                    }
                    break;
            }
        }
    }

    /// <summary>A GET retried until it succeeds: null, else why not (recorded as unexpected, or as given up after a minute).</summary>
    public async Task<string?> ReadAsync(string path)
    {
        var deadline = DateTime.UtcNow + ReadPatience;
        while (true)
        {
            Interlocked.Increment(ref _requests);
            string failure;
            try
            {
                using var response = await client.GetAsync(path);
                if (response.IsSuccessStatusCode)
                {
                    return null;
                }
                failure = $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                if (!IsTransient(response.StatusCode))
                {
                    Unexpected.Add(failure);
                    return failure;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                failure = $"GET {path}: {e.GetType().Name} {e.Message}";
            }
            if (DateTime.UtcNow > deadline)
            {
                ReadsGivenUp.Add(failure);
                return failure;
            }
            Interlocked.Increment(ref _retries);
            await Task.Delay(200);
        }
    }

    /// <summary>A POST sent once; its JSON body when it succeeded, else null (and the failure recorded).</summary>
    private async Task<JsonElement?> WriteAsync(string path, object body)
    {
        Interlocked.Increment(ref _requests);
        try
        {
            using var response = await client.PostAsJsonAsync(path, body);
            if (response.IsSuccessStatusCode)
            {
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            }
            var failure = $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            (IsTransient(response.StatusCode) ? WritesFailedInTransit : Unexpected).Add(failure);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            WritesFailedInTransit.Add($"POST {path}: {e.GetType().Name} {e.Message}");
        }
        return null;
    }

    private static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
}
