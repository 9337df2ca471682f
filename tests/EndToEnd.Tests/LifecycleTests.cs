using McpGateway.TestSupport;

namespace McpGateway.EndToEnd.Tests;

/// <summary>
/// Stopping the product leaves nothing behind, however it is stopped; a resource that cannot start says why. AppHost
/// runs the resources through DCP, which detaches from it: every process of the stack counts, not only AppHost's children.
/// </summary>
public sealed class LifecycleTests
{
    private static readonly string[] Resources = ["McpGateway.Auth.dll", "McpGateway.Teams.dll", "McpGateway.Catalog.dll", "McpGateway.Admin.dll", "McpGateway.Gateway.dll", "Aspire.Dashboard"];

    /// <summary>DCP's own processes end by themselves once they have stopped the resources; a busy machine slows them.</summary>
    private static readonly TimeSpan Cleanup = TimeSpan.FromSeconds(30);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ctrl_C_stops_every_process_cleanly()
    {
        using var home = new TempDirectory();
        await using var stack = await RunningStack.StartAsync(home.Path);
        var processes = stack.Processes();
        AssertEveryResourceRuns(processes);

        await stack.SignalAsync("INT");
        var exitCode = await stack.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, exitCode);
        // AppHost returns only once the resources have stopped.
        Assert.DoesNotContain(processes, p => Resources.Any(p.CommandLine.Contains) && RunningStack.IsAlive(p.Pid));
        await AssertAllGoneAsync(processes);
    }

    [Fact]
    public async Task Services_stop_by_themselves_when_AppHost_is_killed_outright()
    {
        using var home = new TempDirectory();
        await using var stack = await RunningStack.StartAsync(home.Path);
        var processes = stack.Processes();
        AssertEveryResourceRuns(processes);

        await stack.SignalAsync("KILL");
        await stack.WaitForExitAsync(TimeSpan.FromSeconds(10));

        // DCP watches AppHost's pid: once it is gone, DCP stops every resource, then itself.
        await AssertAllGoneAsync(processes);
    }

    [Fact]
    public async Task A_service_that_cannot_start_stops_everything_and_AppHost_says_why()
    {
        await using var postgres = new PostgresServer();
        await postgres.InitializeAsync();
        postgres.Require();
        using var home = new TempDirectory();

        // The auth and catalog services refuse a shared database without AUTH_ENCRYPTION_SECRET (both keep secrets under
        // it), with a message, before they are healthy; whichever stops first stops everything.
        await using var stack = RunningStack.Launch(home.Path, new Dictionary<string, string>
        {
            ["DATABASE_URL"] = await postgres.CreateDatabaseAsync(),
        });
        var exitCode = await stack.WaitForExitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(1, exitCode);
        Assert.Matches("(auth|catalog) exited", stack.Output);
        Assert.Contains("AUTH_ENCRYPTION_SECRET is required with a shared database", stack.Output);
        Assert.DoesNotContain("gateway ready:", stack.Output);
        await AssertAllGoneAsync(stack.Processes());
    }

    private static void AssertEveryResourceRuns(IReadOnlyList<StackProcess> processes)
    {
        foreach (var resource in Resources)
        {
            Assert.Contains(processes, p => p.CommandLine.Contains(resource));
        }
        Assert.Contains(processes, p => p.CommandLine.Contains("dcp"));
    }

    private static async Task AssertAllGoneAsync(IReadOnlyList<StackProcess> processes)
    {
        var deadline = DateTime.UtcNow + Cleanup;
        while (processes.Any(p => RunningStack.IsAlive(p.Pid)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, Cancel);
        }
        Assert.Empty(processes.Where(p => RunningStack.IsAlive(p.Pid)).Select(p => $"{p.Pid} {p.CommandLine}"));
    }
}
