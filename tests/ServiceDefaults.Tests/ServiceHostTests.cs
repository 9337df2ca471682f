using McpGateway.ServiceDefaults.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace McpGateway.ServiceDefaults.Tests;

public sealed class ServiceHostTests
{
    [Fact]
    public async Task A_stop_asked_for_while_the_service_is_still_starting_is_a_clean_stop_with_exit_code_0()
    {
        var builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0", "--MIGRATE_ON_STARTUP", "false"]);
        // Hosted services start before the web server binds: this one stops the app at once, as a SIGTERM during a
        // rolling update or a job that finished quickly would, so the server's start is cancelled.
        builder.Services.AddHostedService<StopsWhileStarting>();
        await using var app = builder.Build();
        var stopping = app.Lifetime.ApplicationStopping;

        var exitCode = await app.RunServiceAsync<DbContext>().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(0, exitCode);
        Assert.True(stopping.IsCancellationRequested);
    }

    private sealed class StopsWhileStarting(IHostApplicationLifetime lifetime) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            lifetime.StopApplication();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
