using McpGateway.Messaging.TestHost;
using McpGateway.ServiceDefaults;
using McpGateway.ServiceDefaults.Authentication;
using McpGateway.ServiceDefaults.Data;
using McpGateway.ServiceDefaults.Messaging;
using McpGateway.ServiceDefaults.Messaging.Parking;
using McpGateway.ServiceDefaults.Messaging.Resync;

// dotnet McpGateway.Messaging.TestHost.dll --service NAME [--consume true] [--produce COUNT] [--rate PER_SECOND] [--per-transaction N]
//     [--prefix P] [--exit-when-relayed true] [--announce true] [--remember true]
// Configuration as a service has it: ConnectionStrings__{NAME}db, ConnectionStrings__rabbitmq, MCPGATEWAY_HOME, MESSAGING_*.
var builder = WebApplication.CreateBuilder(args);
var service = builder.Configuration["service"] ?? throw new InvalidOperationException("--service NAME is required.");
builder.AddServiceDefaults();
builder.AddTokenAuthentication();
builder.AddServiceDatabase<HostContext>(service);
builder.AddIntegrationEvents<HostContext>(service, consumers =>
{
    if (builder.Configuration.GetValue("consume", false))
    {
        consumers.Add<EffectRecorder>();
    }
    if (builder.Configuration.GetValue("remember", false))
    {
        consumers.AddInEveryReplica<ReplicaMemory>();
    }
});
if (builder.Configuration.GetValue("announce", false))
{
    builder.Services.AddScoped<IStateAnnouncer, ProducedUsersAnnouncer>();
}
if (builder.Configuration.GetValue("produce", 0) is var count and > 0)
{
    builder.Services.AddSingleton(new ProducerOptions(count, builder.Configuration.GetValue("rate", 0.0),
        builder.Configuration["prefix"] ?? "user", builder.Configuration.GetValue("exit-when-relayed", false),
        Math.Max(1, builder.Configuration.GetValue("per-transaction", 1))));
    builder.Services.AddHostedService<Producer>();
}

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapParkedMessagesApi();
return await app.RunServiceAsync<HostContext>();
