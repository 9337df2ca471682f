using McpGateway.ServiceDefaults.Authorization;
using McpGateway.ServiceDefaults.Data;
using McpGateway.ServiceDefaults.Messaging;
using McpGateway.ServiceDefaults.Messaging.Resync;
using McpGateway.Teams.Infrastructure;
using McpGateway.Teams.Rbac;
using McpGateway.Teams.Security;
using McpGateway.Teams.IntegrationEvents;
using McpGateway.Teams.Teams;

namespace McpGateway.Teams.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<TeamsContext>(TeamsContext.ServiceName);
        builder.AddPolicyEvaluation();
        builder.Services.AddSingleton(TeamsSettings.Load(builder.Configuration));
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();

        builder.Services.AddScoped<RequestCaller>();
        builder.Services.AddScoped<Authorizer>();
        builder.Services.AddScoped<TeamDirectory>();
        builder.Services.AddScoped<Memberships>();
        builder.Services.AddScoped<Invitations>();
        builder.Services.AddScoped<JoinRequests>();
        builder.Services.AddScoped<PersonalTeams>();
        builder.Services.AddScoped<UserLifecycle>();
        builder.Services.AddScoped<SsoMemberships>();
        builder.Services.AddScoped<RoleCatalog>();
        builder.Services.AddScoped<RoleAssignments>();
        builder.Services.AddScoped<PermissionQueries>();
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddScoped<TeamsSeed>();
        builder.Services.AddHostedService<TeamsStartup>();
        builder.AddIntegrationEvents<TeamsContext>(TeamsContext.ServiceName, consumers => consumers
            .Add<UsersProjection>()
            .Add<UserLifecycleConsumer>()
            .Add<SsoMembershipsConsumer>()
            .AddInEveryReplica<ReplicaProjection>());
        builder.Services.AddPolicyCatchUp((services, cancellationToken) =>
            PolicyStateLoader.LoadAsync(services.GetRequiredService<TeamsContext>(), cancellationToken));
        builder.Services.AddSingleton<OwnEventsProjection>();
        builder.Services.AddSingleton<ICommittedEventsObserver>(services => services.GetRequiredService<OwnEventsProjection>());
        builder.Services.AddScoped<IStateAnnouncer, TeamsAnnouncer>();
    }
}
