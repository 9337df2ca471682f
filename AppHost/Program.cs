using McpGateway.AppHost;
using McpGateway.AppHost.Hosting;
using McpGateway.AppHost.Terminal;

var log = new LogWriter([.. Orchestrator.Services, Orchestrator.Gateway]);
DotEnv.Load(Path.Combine(Environment.CurrentDirectory, ".env"), log);

HostSettings settings;
try
{
    settings = HostSettings.FromEnvironment();
    settings.ApplyToEnvironment();
}
catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
{
    log.Error(e.Message);
    return 2;
}

using var shutdown = new ShutdownSignal();
return await new Orchestrator(settings, log).RunAsync(shutdown.Token);
