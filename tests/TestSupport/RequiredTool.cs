namespace McpGateway.TestSupport;

/// <summary>
/// A server binary a test needs. On a developer's machine a missing one skips the test with what to install;
/// in CI (`CI=true`) it is a failure, never a silent skip.
/// </summary>
public static class RequiredTool
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static void Missing(string what, string install)
    {
        var message = $"{what} is not installed ({install}).";
        if (InCi)
        {
            throw new InvalidOperationException(message + " CI must provide it.");
        }
        Assert.Skip(message);
    }
}
