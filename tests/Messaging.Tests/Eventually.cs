namespace McpGateway.Messaging.Tests;

/// <summary>Waits for what a consumer or a relay does in the background: the condition, read every 20 ms, must hold in time.</summary>
internal static class Eventually
{
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan patience, string because = "The condition did not hold in time.")
    {
        var deadline = DateTime.UtcNow + patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, because);
            await Task.Delay(20);
        }
    }
}
