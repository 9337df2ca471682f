using McpGateway.Catalog.Catalogs;
using McpGateway.Catalog.Federation;
using McpGateway.Catalog.Federation.Upstream;
using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.IntegrationEvents;
using McpGateway.Catalog.Mcp;
using McpGateway.Catalog.Security;
using McpGateway.Catalog.Tenancy;
using McpGateway.Catalog.Transfer.Import;
using McpGateway.Catalog.Transfer;
using McpGateway.ServiceDefaults.Authorization;
using McpGateway.ServiceDefaults.Authorization.Persistence;
using McpGateway.ServiceDefaults.Data;
using McpGateway.ServiceDefaults.Http;
using McpGateway.ServiceDefaults.Messaging;

namespace McpGateway.Catalog.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<CatalogContext>(CatalogContext.ServiceName);
        builder.AddPolicyEvaluation();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddSingleton<SecretProtector>();
        builder.Services.AddSingleton<CredentialVault>();
        builder.Services.AddSingleton<IGatewaySecrets, SealedGatewaySecrets>();
        builder.Services.AddSingleton<CatalogChanges>();
        builder.Services.AddSingleton(PlatformAdmin.From(builder.Configuration));

        builder.Services.AddScoped<RequestCaller>();
        builder.Services.AddScoped<CatalogAccess>();
        builder.Services.AddScoped<EntityQueries>();
        builder.Services.AddScoped<Placement>();
        builder.Services.AddScoped<ServerAssociations>();
        builder.Services.AddScoped<TenancyRepair>();
        builder.Services.AddScoped<ExportService>();
        builder.Services.AddScoped<ImportService>();
        builder.Services.AddServerCatalogs(builder.Configuration);
        builder.Services.AddHostedService<CatalogStartup>();

        // Besides the deny-list every service takes: the teams service's facts, for the policy projection.
        builder.AddIntegrationEvents<CatalogContext>(CatalogContext.ServiceName, consumers => consumers
            .Add<PolicyProjectionConsumer>()
            .Add<CatalogChangedConsumer>() // its own replicas' CatalogChanged: MCP view invalidation
            .AddInEveryReplica<ReplicaPolicyConsumer>());
        builder.Services.AddPolicyCatchUp((services, cancellationToken) =>
            PersistedPolicyProjection.ReadAsync(services.GetRequiredService<CatalogContext>(), cancellationToken));
        builder.AddFederation();
        builder.AddMcpEndpoints();
    }
}
