using McpGateway.Catalog.Infrastructure;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace McpGateway.Catalog.Infrastructure.Migrations;

/// <summary>
/// MCP federation (written by hand, no store types, one set for SQLite and PostgreSQL): the upstream definitions of
/// discovered tools, resources and prompts and a prompt's upstream name; the shared store of MCP session handshakes
/// (sessions move between replicas); the flushed per-tool call metrics; the catalog's revision, which every replica
/// watches to know when its in-memory view of the virtual servers is stale.
/// </summary>
[DbContext(typeof(CatalogContext))]
[Migration("20261205000000_McpFederation")]
public partial class McpFederation : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "upstream_definition", table: "tools", nullable: true);
        migrationBuilder.AddColumn<string>(name: "upstream_definition", table: "resources", nullable: true);
        migrationBuilder.AddColumn<string>(name: "upstream_definition", table: "prompts", nullable: true);
        migrationBuilder.AddColumn<string>(name: "original_name", table: "prompts", nullable: true);
        migrationBuilder.CreateTable(
            name: "mcp_sessions",
            columns: table => new
            {
                session_id = table.Column<string>(nullable: false),
                server_id = table.Column<string>(nullable: false),
                principal = table.Column<string>(nullable: false),
                initialize_params = table.Column<string>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_mcp_sessions", x => x.session_id));
        migrationBuilder.CreateIndex("ix_mcp_sessions_created_at", "mcp_sessions", new[] { "created_at" });
        migrationBuilder.CreateTable(
            name: "tool_metrics",
            columns: table => new
            {
                id = table.Column<string>(nullable: false),
                tool_id = table.Column<string>(nullable: false),
                server_id = table.Column<string>(nullable: false),
                executions = table.Column<long>(nullable: false),
                failures = table.Column<long>(nullable: false),
                min_response_time = table.Column<double>(nullable: false),
                max_response_time = table.Column<double>(nullable: false),
                total_response_time = table.Column<double>(nullable: false),
                last_execution_time = table.Column<DateTime>(nullable: false),
                histogram = table.Column<string>(nullable: false),
                flushed_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_tool_metrics", x => x.id));
        migrationBuilder.CreateIndex("ix_tool_metrics_tool_id", "tool_metrics", new[] { "tool_id" });
        migrationBuilder.CreateIndex("ix_tool_metrics_server_id", "tool_metrics", new[] { "server_id" });
        migrationBuilder.CreateTable(
            name: "catalog_revision",
            columns: table => new
            {
                id = table.Column<string>(nullable: false),
                revision = table.Column<string>(nullable: false),
                changed_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_catalog_revision", x => x.id));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("catalog_revision");
        migrationBuilder.DropTable("tool_metrics");
        migrationBuilder.DropTable("mcp_sessions");
        migrationBuilder.DropColumn("original_name", "prompts");
        migrationBuilder.DropColumn("upstream_definition", "prompts");
        migrationBuilder.DropColumn("upstream_definition", "resources");
        migrationBuilder.DropColumn("upstream_definition", "tools");
    }
}
