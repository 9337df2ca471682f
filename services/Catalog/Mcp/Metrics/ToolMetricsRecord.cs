using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Catalog.Mcp.Metrics;

/// <summary>
/// One flush of one replica's counts for one tool called through one virtual server: rows are only ever added, so
/// replicas never contend for a row, and a tool's figures are the sum of its rows (plus what is not flushed yet).
/// </summary>
public sealed class ToolMetricsRecord
{
    public string Id { get; set; } = Guid.CreateVersion7().ToString("N");
    public string ToolId { get; set; } = "";
    public string ServerId { get; set; } = "";
    public long Executions { get; set; }
    public long Failures { get; set; }
    public double MinResponseTime { get; set; }
    public double MaxResponseTime { get; set; }
    public double TotalResponseTime { get; set; }
    public DateTime LastExecutionTime { get; set; }
    /// <summary>Counts per latency bucket (<see cref="LatencyHistogram"/>), as a JSON object of bucket → count.</summary>
    public string Histogram { get; set; } = "{}";
    public DateTime FlushedAt { get; set; }
}

internal sealed class ToolMetricsRecordConfiguration : IEntityTypeConfiguration<ToolMetricsRecord>
{
    public void Configure(EntityTypeBuilder<ToolMetricsRecord> builder)
    {
        builder.ToTable("tool_metrics");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.ToolId).IsRequired();
        builder.Property(m => m.ServerId).IsRequired();
        builder.Property(m => m.Histogram).IsRequired();
        builder.HasIndex(m => m.ToolId);
        builder.HasIndex(m => m.ServerId);
    }
}
