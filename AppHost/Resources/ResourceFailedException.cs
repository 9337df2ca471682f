namespace McpGateway.AppHost.Resources;

/// <summary>A resource could not start or stopped unexpectedly; carries its last output lines for the report.</summary>
public sealed class ResourceFailedException(string message, IReadOnlyList<string> lastOutput) : Exception(message)
{
    public IReadOnlyList<string> LastOutput { get; } = lastOutput;
}
