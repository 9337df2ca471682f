using McpGateway.AppHost;
using McpGateway.AppHost.Hosting;
using McpGateway.AppHost.Terminal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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
var report = app.Services.GetRequiredService<ConsoleReport>();
var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
lifetime.ApplicationStopping.Register(() => Console.WriteLine("apphost: stopping every resource..."));
try
{
    await app.RunAsync();
    Console.WriteLine("apphost: stopped.");
}
// Stopped while starting: by Ctrl+C, or by ConsoleReport after a resource failed (it said why).
catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
{
}
catch (Exception e)
{
    Console.Error.WriteLine($"apphost: could not start: {e}");
    return 1;
}
return report.ExitCode;
