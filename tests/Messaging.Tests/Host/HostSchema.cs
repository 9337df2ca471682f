using McpGateway.ServiceDefaults.Messaging.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace McpGateway.Messaging.TestHost;

/// <summary>The host's schema, through the same migration runner and messaging tables the services use.</summary>
[DbContext(typeof(HostContext))]
[Migration("20261122000000_HostSchema")]
public sealed class HostSchema : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        MessagingTablesV1.Create(migrationBuilder);
        migrationBuilder.CreateTable(
            name: "produced_users",
            columns: table => new { email = table.Column<string>(nullable: false), created_at = table.Column<DateTime>(nullable: false) },
            constraints: table => table.PrimaryKey("pk_produced_users", x => x.email));
        migrationBuilder.CreateTable(
            name: "effects",
            columns: table => new
            {
                id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                message_id = table.Column<string>(nullable: false),
                email = table.Column<string>(nullable: false),
                occurred_at = table.Column<DateTime>(nullable: false),
                applied_at = table.Column<DateTime>(nullable: false),
                process_id = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_effects", x => x.id));
        migrationBuilder.CreateIndex("ix_effects_message_id", "effects", ["message_id"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("effects");
        migrationBuilder.DropTable("produced_users");
        MessagingTablesV1.Drop(migrationBuilder);
    }
}
