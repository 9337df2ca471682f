using McpGateway.AppHost;
using McpGateway.AppHost.Hosting;
using McpGateway.AppHost.Terminal;
using Microsoft.Extensions.DependencyInjection;

InterruptSignal.Restore();
// Before anything starts: DCP, and through it every resource, inherits this process's environment.
DotEnv.Load(Path.Combine(Environment.CurrentDirectory, ".env"));

HostSettings settings;
try
{
    settings = HostSettings.FromEnvironment();
    Directory.CreateDirectory(settings.DataDirectory);
}
catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"apphost: {e.Message}");
    return 2;
}

var builder = DistributedApplication.CreateBuilder(args);
builder.ConfigureAppHost(settings);
builder.AddMcpGateway(settings);

var app = builder.Build();
await app.RunAsync();
return app.Services.GetRequiredService<ConsoleReport>().ExitCode;
