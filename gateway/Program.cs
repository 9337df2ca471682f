using McpGateway.Gateway.Apis;
using McpGateway.Gateway.Extensions;
using McpGateway.Gateway.Proxy;
using McpGateway.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGatewayEndpoints();
app.MapServiceProxy();

app.Run();

public partial class Program;
