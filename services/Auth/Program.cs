using McpGateway.Auth.Apis;
using McpGateway.Auth.Extensions;
using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.OAuth;
using McpGateway.ServiceDefaults;
using McpGateway.ServiceDefaults.Authentication;
using McpGateway.ServiceDefaults.Data;
using McpGateway.ServiceDefaults.Messaging.Parking;

if (ServiceHost.IsMigrateCommand(args))
{
    return await ServiceHost.MigrateAsync<AuthContext>(AuthContext.ServiceName, args);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddTokenAuthentication();
builder.AddApplicationServices();

var app = builder.Build();

// The OAuth request guard sees every request before OpenIddict (an authentication handler) reads it.
app.MapDefaultEndpoints(beforeAuthentication: pipeline => pipeline.UseMiddleware<OAuthRequestGuard>());
app.UseRateLimiter();
app.MapSsoApi();
app.MapSsoApprovalsApi();
app.MapSsoProvidersAdminApi();
app.MapEmailAuthApi();
app.MapAdminUsersApi();
app.MapTokensApi();
app.MapOAuthApi();
app.MapParkedMessagesApi();

return await app.RunServiceAsync<AuthContext>();

public partial class Program;
