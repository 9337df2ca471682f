using McpGateway.TestSupport;

namespace McpGateway.EndToEnd.Tests;

/// <summary>One running product (AppHost, three services, gateway) on SQLite in a fresh data directory, shared by a test class.</summary>
public sealed class StackFixture : IAsyncLifetime
{
    private readonly TempDirectory _home = new();

    public RunningStack Stack { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Stack = await RunningStack.StartAsync(_home.Path);
        Client = new HttpClient { BaseAddress = Stack.Gateway };
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (Stack is not null)
        {
            await Stack.DisposeAsync();
        }
        _home.Dispose();
    }
}
