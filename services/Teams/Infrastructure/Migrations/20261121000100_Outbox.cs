using McpGateway.Teams.Infrastructure;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace McpGateway.Teams.Infrastructure.Migrations;

/// <summary>The transactional outbox (ServiceDefaults' OutboxMessage): integration events saved with the change they announce.</summary>
[DbContext(typeof(TeamsContext))]
[Migration("20261121000100_Outbox")]
public partial class Outbox : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "outbox_messages",
            columns: table => new
            {
                id = table.Column<string>(nullable: false),
                type = table.Column<string>(nullable: false),
                payload = table.Column<string>(nullable: false),
                occurred_at = table.Column<DateTime>(nullable: false),
                dispatched_at = table.Column<DateTime>(nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_outbox_messages", x => x.id));
        migrationBuilder.CreateIndex("ix_outbox_messages_dispatched_at_occurred_at", "outbox_messages", ["dispatched_at", "occurred_at"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("outbox_messages");
}
