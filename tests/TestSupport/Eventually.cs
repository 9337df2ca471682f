using Xunit;

namespace McpGateway.TestSupport;

/// <summary>Waits for what happens in the background (a consumer, a relay, a discovery, a replica): the condition, read every
/// <c>interval</c> (20 ms unless said), must hold within <c>patience</c>, else the test fails with <c>because</c>.</summary>
public static class Eventually
{
    public static Task HoldsAsync(Func<Task<bool>> condition, TimeSpan patience, string because = "The condition did not hold in time.",
        TimeSpan? interval = null) =>
        HoldsAsync(condition, patience, () => because, interval);

    /// <summary>As above, with the failure's message written when it fails, so it can tell what still does not hold.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan patience, Func<string> because, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, because());
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(20), TestContext.Current.CancellationToken);
        }
    }
}
