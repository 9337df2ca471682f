using McpGateway.TestSupport;

namespace McpGateway.EndToEnd.Tests;

/// <summary>Stopping the product leaves nothing behind, however it is stopped.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task Ctrl_C_stops_every_process_cleanly()
    {
        using var home = new TempDirectory();
        await using var stack = await RunningStack.StartAsync(home.Path);
        var children = stack.ChildPids();
        Assert.Equal(4, children.Count);

        await stack.SignalAsync("INT");
        var exitCode = await stack.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain(children, RunningStack.IsAlive);
    }

    [Fact]
    public async Task Services_stop_by_themselves_when_AppHost_is_killed_outright()
    {
        using var home = new TempDirectory();
        await using var stack = await RunningStack.StartAsync(home.Path);
        var children = stack.ChildPids();

        await stack.SignalAsync("KILL");
        await stack.WaitForExitAsync(TimeSpan.FromSeconds(10));

        // Each child watches AppHost's pid and shuts down gracefully once it is gone.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (children.Any(RunningStack.IsAlive) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
        Assert.DoesNotContain(children, RunningStack.IsAlive);
    }
}
