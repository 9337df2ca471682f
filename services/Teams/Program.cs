using McpGateway.ServiceDefaults;
using McpGateway.ServiceDefaults.Authentication;
using McpGateway.ServiceDefaults.Data;
using McpGateway.ServiceDefaults.Messaging.Parking;
using McpGateway.Teams.Apis;
using McpGateway.Teams.Extensions;
using McpGateway.Teams.Infrastructure;

if (ServiceHost.IsMigrateCommand(args))
{
    return await ServiceHost.MigrateAsync<TeamsContext>(TeamsContext.ServiceName, args);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddTokenAuthentication();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapTeamsApi();
app.MapTeamMembersApi();
app.MapInvitationsApi();
app.MapJoinRequestsApi();
app.MapRolesApi();
app.MapRoleAssignmentsApi();
app.MapPermissionsApi();
app.MapAuditApi();
app.MapParkedMessagesApi();

return await app.RunServiceAsync<TeamsContext>();

public partial class Program;
