using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit.Serialization;
using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Messaging;

namespace McpGateway.Messaging.Tests;

/// <summary>
/// Producers and consumers deploy independently, so every contract must read across versions, with both serializers
/// an event meets (the outbox's, and MassTransit's on the RabbitMQ wire): a newer producer's event with a field this
/// build does not know, and an older producer's event without a field this build added.
/// </summary>
public sealed class ContractVersioningTests
{
    public static TheoryData<Type> Contracts => new(IntegrationEventTypes.All.OrderBy(t => t.Name));

    public static TheoryData<string> Serializers => new("outbox", "masstransit");

    [Fact]
    public void Every_event_record_in_Contracts_is_known_by_name()
    {
        var names = IntegrationEventTypes.All.Select(t => t.Name).Order().ToList();

        Assert.Equal(["CatalogChanged", "ResyncRequested", "RoleAssigned", "RoleRevoked", "RoleUpdated", "SsoMembershipsAsserted", "SsoProviderDeleted", "TeamCreated", "TeamDeleted", "TeamMemberAdded", "TeamMemberRemoved",
            "TeamMemberRoleChanged", "TeamUpdated", "TokenRevoked", "UserCreated", "UserDeactivated", "UserDeleted", "UserReactivated", "UserUpdated"], names);
        Assert.All(IntegrationEventTypes.All, t => Assert.Same(t, IntegrationEventTypes.Find(IntegrationEventTypes.NameOf(t))));
    }

    [Theory]
    [MemberData(nameof(Contracts))]
    public void A_newer_shape_with_fields_this_build_does_not_know_is_read_with_everything_it_does(Type contract)
    {
        foreach (var options in new[] { IntegrationEventSerializer.Options, SystemTextJsonMessageSerializer.Options })
        {
            var original = Sample(contract);
            var json = JsonNode.Parse(JsonSerializer.Serialize(original, contract, options))!.AsObject();
            json["addedInALaterVersion"] = "a value";
            json["alsoAdded"] = new JsonObject { ["nested"] = new JsonArray(1, 2) };

            var read = (IntegrationEvent)JsonSerializer.Deserialize(json.ToJsonString(), contract, options)!;

            Assert.Equal(JsonSerializer.Serialize(original, contract, options), JsonSerializer.Serialize(read, contract, options));
        }
    }

    [Theory]
    [MemberData(nameof(Contracts))]
    public void An_older_shape_without_a_field_is_read_and_the_missing_field_is_left_empty(Type contract)
    {
        foreach (var options in new[] { IntegrationEventSerializer.Options, SystemTextJsonMessageSerializer.Options })
        {
            var original = Sample(contract);
            var complete = JsonNode.Parse(JsonSerializer.Serialize(original, contract, options))!.AsObject();
            foreach (var field in complete.Select(p => p.Key).Where(k => k is not ("eventId" or "occurredAt")).ToList())
            {
                var older = complete.DeepClone().AsObject();
                older.Remove(field);

                var read = (IntegrationEvent)JsonSerializer.Deserialize(older.ToJsonString(), contract, options)!;

                Assert.Equal(original.EventId, read.EventId);
                var property = contract.GetProperties().Single(p => string.Equals(p.Name, field, StringComparison.OrdinalIgnoreCase));
                Assert.Equal(property.PropertyType.IsValueType ? Activator.CreateInstance(property.PropertyType) : null, property.GetValue(read));
            }
        }
    }

    [Fact]
    public void A_UserCreated_from_a_newer_producer_reads_as_todays_record()
    {
        const string newer = """
            {"eventId":"0192f3a4-0000-7000-8000-000000000001","occurredAt":"2026-11-22T10:00:00Z","email":"ada@example.com",
             "fullName":"Ada","isAdmin":false,"authProvider":"github","locale":"en-GB","avatar":{"url":"https://example.com/a.png"}}
            """;

        var read = (UserCreated)IntegrationEventSerializer.Deserialize(IntegrationEventTypes.NameOf(typeof(UserCreated)), newer);

        Assert.Equal(new UserCreated("ada@example.com", "Ada", false, "github")
        {
            EventId = Guid.Parse("0192f3a4-0000-7000-8000-000000000001"),
            OccurredAt = new DateTime(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc),
        }, read);
        Assert.Equal(DateTimeKind.Utc, read.OccurredAt.Kind);
    }

    [Fact]
    public void A_TokenRevoked_from_an_older_producer_without_the_user_reads_with_no_user()
    {
        const string older = """{"eventId":"0192f3a4-0000-7000-8000-000000000002","occurredAt":"2026-11-22T10:00:00Z","jti":"abc","expiresAt":null}""";

        var read = (TokenRevoked)IntegrationEventSerializer.Deserialize(IntegrationEventTypes.NameOf(typeof(TokenRevoked)), older);

        Assert.Equal("abc", read.Jti);
        Assert.Null(read.UserEmail);
        Assert.Null(read.ExpiresAt);
    }

    /// <summary>An instance with a value in every field, from the record's primary constructor.</summary>
    private static IntegrationEvent Sample(Type contract)
    {
        var constructor = contract.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var arguments = constructor.GetParameters().Select(p => SampleValue(p.ParameterType, p.Name!)).ToArray();
        return (IntegrationEvent)constructor.Invoke(arguments) with { OccurredAt = new DateTime(2026, 11, 22, 9, 30, 0, DateTimeKind.Utc) };
    }

    private static object SampleValue(Type type, string name)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying == typeof(string) ? $"{name}-value"
            : underlying == typeof(bool) ? true
            : underlying == typeof(DateTime) ? new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc)
            : underlying == typeof(int) ? 7
            : underlying.IsAssignableFrom(typeof(List<string>)) ? new List<string> { "a.read", "b.write" }
            : underlying.IsAssignableFrom(typeof(List<AssertedMembership>)) ? new List<AssertedMembership> { new("engineering", "member") }
            : throw new NotSupportedException($"No sample for {type} ({name}); add one.");
    }
}
