using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Catalog.Mcp.Sessions;

/// <summary>
/// An MCP session's handshake, kept where every catalog replica can read it, so a session that began on one replica
/// continues on another without sticky routing (<see cref="SharedSessionStore"/>).
/// </summary>
public sealed class McpSessionRecord
{
    public string SessionId { get; set; } = "";
    public string ServerId { get; set; } = "";
    /// <summary>Who opened it (the token's `sub`): nobody else may continue it.</summary>
    public string Principal { get; set; } = "";
    /// <summary>The client's `initialize` params (protocol version, capabilities, client info), as JSON.</summary>
    public string InitializeParams { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

internal sealed class McpSessionRecordConfiguration : IEntityTypeConfiguration<McpSessionRecord>
{
    public void Configure(EntityTypeBuilder<McpSessionRecord> builder)
    {
        builder.ToTable("mcp_sessions");
        builder.HasKey(s => s.SessionId);
        builder.Property(s => s.ServerId).IsRequired();
        builder.Property(s => s.Principal).IsRequired();
        builder.Property(s => s.InitializeParams).IsRequired();
        builder.HasIndex(s => s.CreatedAt);
    }
}
