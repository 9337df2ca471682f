using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace McpGateway.ServiceDefaults.Messaging.Migrations;

/// <summary>
/// The messaging tables (<see cref="MessagingModel.AddMessaging"/>) as first shipped, for each service's own migration
/// to create. Written without store types so one migration serves SQLite and PostgreSQL. Never change it: a later
/// change to these tables is a new version, called from a new migration.
/// </summary>
public static class MessagingTablesV1
{
    public static void Create(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "outbox_messages",
            columns: table => new
            {
                sequence = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                message_id = table.Column<string>(nullable: false),
                type = table.Column<string>(nullable: false),
                payload = table.Column<string>(nullable: false),
                occurred_at = table.Column<DateTime>(nullable: false),
                dispatched_at = table.Column<DateTime>(nullable: true),
                attempts = table.Column<int>(nullable: false),
                last_error = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_outbox_messages", x => x.sequence));
        migrationBuilder.CreateIndex("ix_outbox_messages_message_id", "outbox_messages", ["message_id"], unique: true);
        migrationBuilder.CreateIndex("ix_outbox_messages_dispatched_at_sequence", "outbox_messages", ["dispatched_at", "sequence"]);

        migrationBuilder.CreateTable(
            name: "outbox_leases",
            columns: table => new
            {
                name = table.Column<string>(nullable: false),
                holder = table.Column<string>(nullable: false),
                expires_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_outbox_leases", x => x.name));

        migrationBuilder.CreateTable(
            name: "inbox_messages",
            columns: table => new
            {
                message_id = table.Column<string>(nullable: false),
                consumer = table.Column<string>(nullable: false),
                type = table.Column<string>(nullable: false),
                processed_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_inbox_messages", x => new { x.message_id, x.consumer }));
        migrationBuilder.CreateIndex("ix_inbox_messages_processed_at", "inbox_messages", ["processed_at"]);

        migrationBuilder.CreateTable(
            name: "parked_messages",
            columns: table => new
            {
                id = table.Column<string>(nullable: false),
                message_id = table.Column<string>(nullable: false),
                consumer = table.Column<string>(nullable: false),
                type = table.Column<string>(nullable: false),
                payload = table.Column<string>(nullable: false),
                occurred_at = table.Column<DateTime>(nullable: false),
                attempts = table.Column<int>(nullable: false),
                error = table.Column<string>(nullable: false),
                parked_at = table.Column<DateTime>(nullable: false),
                retried_at = table.Column<DateTime>(nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_parked_messages", x => x.id));
        migrationBuilder.CreateIndex("ix_parked_messages_parked_at", "parked_messages", ["parked_at"]);

        migrationBuilder.CreateTable(
            name: "denied_tokens",
            columns: table => new
            {
                jti = table.Column<string>(nullable: false),
                expires_at = table.Column<DateTime>(nullable: true),
                revoked_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_denied_tokens", x => x.jti));
        migrationBuilder.CreateIndex("ix_denied_tokens_expires_at", "denied_tokens", ["expires_at"]);

        migrationBuilder.CreateTable(
            name: "denied_users",
            columns: table => new
            {
                email = table.Column<string>(nullable: false),
                issued_before = table.Column<DateTime>(nullable: false),
                keep_until = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_denied_users", x => x.email));
        migrationBuilder.CreateIndex("ix_denied_users_keep_until", "denied_users", ["keep_until"]);
    }

    public static void Drop(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "denied_users", "denied_tokens", "parked_messages", "inbox_messages", "outbox_leases", "outbox_messages" })
        {
            migrationBuilder.DropTable(table);
        }
    }
}
