using System.Diagnostics;
using System.Diagnostics.Metrics;
using McpGateway.ServiceDefaults;

namespace McpGateway.Catalog.Mcp;

/// <summary>
/// The MCP endpoints' spans and instruments, on our ActivitySource and Meter (`McpGateway`): a span per forwarded
/// call (its HTTP request upstream is a child, so W3C `traceparent` carries the trace to the upstream), and
/// `mcpgateway.tool.calls` / `mcpgateway.tool.duration` tagged with tool, gateway, team and outcome.
/// </summary>
public sealed class McpTelemetry : IDisposable
{
    public static readonly ActivitySource Source = new(Telemetry.SourceName);

    private readonly Meter _meter;
    private readonly Counter<long> _calls;
    private readonly Histogram<double> _duration;

    public McpTelemetry(IMeterFactory meters)
    {
        _meter = meters.Create(Telemetry.SourceName);
        _calls = _meter.CreateCounter<long>("mcpgateway.tool.calls", "{call}", "tools/call requests through virtual servers, by tool, gateway, team and outcome");
        _duration = _meter.CreateHistogram<double>("mcpgateway.tool.duration", "ms", "Time to answer a tools/call, upstream included");
    }

    public void Record(string toolName, string? gatewayId, string? teamId, string outcome, double milliseconds)
    {
        if (!_calls.Enabled && !_duration.Enabled)
        {
            return;
        }
        var tags = new TagList
        {
            { "mcp.tool.name", toolName },
            { "mcp.gateway.id", gatewayId ?? "" },
            { "mcp.team.id", teamId ?? "" },
            { "outcome", outcome },
        };
        _calls.Add(1, tags);
        _duration.Record(milliseconds, tags);
    }

    public void Dispose() => _meter.Dispose();
}
