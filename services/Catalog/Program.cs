using McpGateway.Catalog.Apis;
using McpGateway.Catalog.Extensions;
using McpGateway.Catalog.Federation;
using McpGateway.Catalog.Mcp;
using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.Tenancy;
using McpGateway.ServiceDefaults;
using McpGateway.ServiceDefaults.Authentication;
using McpGateway.ServiceDefaults.Data;
using McpGateway.ServiceDefaults.Messaging.Parking;

if (ServiceHost.IsMigrateCommand(args))
{
    return await ServiceHost.MigrateAsync<CatalogContext>(CatalogContext.ServiceName, args);
}
if (TenancyCommands.IsTenancyCommand(args))
{
    return await TenancyCommands.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddTokenAuthentication();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapProtectedResourceApi();
app.MapGatewaysApi();
app.MapServersApi();
app.MapToolsApi();
app.MapResourcesApi();
app.MapPromptsApi();
app.MapExportImportApi();
app.MapServerCatalogApi();
app.MapParkedMessagesApi();
app.MapFederationApi();
app.MapMcpEndpoints();

return await app.RunServiceAsync<CatalogContext>();

public partial class Program;
