using McpGateway.ServiceDefaults.Data;
using Microsoft.Extensions.Configuration;

namespace McpGateway.ServiceDefaults.Messaging;

public enum MessagingTransport { Local, RabbitMq }

/// <summary>
/// How a service exchanges integration events, from configuration alone (README, "Messaging"):
/// <list type="bullet">
/// <item>`ConnectionStrings__rabbitmq` (an amqp:// or amqps:// URL) selects RabbitMQ; unset, the local bus file
/// `{MCPGATEWAY_HOME}/bus.db` carries events between the services of one machine, with no broker;</item>
/// <item>the `MESSAGING_*` variables tune delivery; the defaults suit production.</item>
/// </list>
/// </summary>
public sealed record MessagingSettings
{
    /// <summary>This service's queue: every replica of the service shares it (competing consumers, one at a time).</summary>
    public required string Queue { get; init; }

    public MessagingTransport Transport => RabbitMqUrl is null ? MessagingTransport.Local : MessagingTransport.RabbitMq;

    /// <summary>`ConnectionStrings:rabbitmq`.</summary>
    public Uri? RabbitMqUrl { get; init; }

    /// <summary>The local bus: `bus.db` in the data directory.</summary>
    public required string LocalBusFile { get; init; }

    /// <summary>`MESSAGING_POLL_SECONDS` (default 2): how often the relay and the local receiver look for work nobody told them of.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>`MESSAGING_LEASE_SECONDS` (default 15): how long a crashed replica's relay or queue lease blocks the others.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>`MESSAGING_MAX_ATTEMPTS` (default 5): a consumer failing this many times on one message parks it.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>`MESSAGING_RETRY_SECONDS` (default 1): the first retry's delay, doubled each time up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>`MESSAGING_RETENTION_HOURS` (default 24): how long delivered outbox rows are kept before they are pruned.</summary>
    public TimeSpan OutboxRetention { get; init; } = TimeSpan.FromHours(24);

    /// <summary>`MESSAGING_INBOX_RETENTION_DAYS` (default 7): how long a consumer remembers a message id (the redelivery window).</summary>
    public TimeSpan InboxRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// `MESSAGING_DENY_LIST_RELOAD_SECONDS` (default 30): how often a replica adds to its deny-list what its service stored,
    /// for a revocation published while the replica was starting, before its own queue existed.
    /// </summary>
    public TimeSpan DenyListReloadInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// `MESSAGING_POLICY_CATCH_UP_SECONDS` (default 5): how long after its bus listens a replica reads its policy again,
    /// once, for a change published while it was starting (<see cref="PolicyCatchUp"/>).
    /// </summary>
    public TimeSpan PolicyCatchUpDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Messages the relay takes per round trip.</summary>
    public int BatchSize { get; init; } = 200;

    public static MessagingSettings FromConfiguration(IConfiguration configuration, string queue)
    {
        Uri? rabbitMq = null;
        if (configuration.GetConnectionString("rabbitmq") is { Length: > 0 } url)
        {
            if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out rabbitMq) || rabbitMq.Scheme is not ("amqp" or "amqps" or "rabbitmq"))
            {
                throw new InvalidOperationException("ConnectionStrings:rabbitmq must be an amqp:// or amqps:// URL, e.g. amqp://user:password@rabbitmq:5672/.");
            }
        }
        return new MessagingSettings
        {
            Queue = queue,
            RabbitMqUrl = rabbitMq,
            LocalBusFile = Path.Combine(ServiceDatabase.DataDirectory(configuration), "bus.db"),
            PollInterval = Seconds(configuration, "MESSAGING_POLL_SECONDS", 2),
            LeaseDuration = Seconds(configuration, "MESSAGING_LEASE_SECONDS", 15),
            MaxAttempts = Math.Max(1, configuration.GetValue("MESSAGING_MAX_ATTEMPTS", 5)),
            FirstRetryDelay = Seconds(configuration, "MESSAGING_RETRY_SECONDS", 1),
            DenyListReloadInterval = Seconds(configuration, "MESSAGING_DENY_LIST_RELOAD_SECONDS", 30),
            PolicyCatchUpDelay = Seconds(configuration, "MESSAGING_POLICY_CATCH_UP_SECONDS", 5),
            OutboxRetention = TimeSpan.FromHours(configuration.GetValue("MESSAGING_RETENTION_HOURS", 24.0)),
            InboxRetention = TimeSpan.FromDays(configuration.GetValue("MESSAGING_INBOX_RETENTION_DAYS", 7.0)),
        };
    }

    /// <summary>The delay before retry number <paramref name="attempt"/> (1-based): doubling from the first, capped, with jitter.</summary>
    public TimeSpan RetryDelay(int attempt)
    {
        var doubled = FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 16));
        var capped = Math.Min(doubled, MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + Random.Shared.NextDouble() * 0.4));
    }

    private static TimeSpan Seconds(IConfiguration configuration, string key, double fallback) =>
        TimeSpan.FromSeconds(Math.Max(0.01, configuration.GetValue(key, fallback)));
}
