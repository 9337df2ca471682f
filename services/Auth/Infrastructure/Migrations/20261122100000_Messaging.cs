using McpGateway.Auth.Infrastructure;
using McpGateway.ServiceDefaults.Messaging.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace McpGateway.Auth.Infrastructure.Migrations;

/// <summary>
/// The messaging tables (MessagingTablesV1). The first outbox had no order of its own (a random text key), so it is
/// rebuilt with a sequence; the events it still held, never relayed until now, move over in the order they occurred.
/// </summary>
[DbContext(typeof(AuthContext))]
[Migration("20261122100000_Messaging")]
public partial class Messaging : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("CREATE TABLE outbox_pending AS SELECT id, type, payload, occurred_at FROM outbox_messages WHERE dispatched_at IS NULL;");
        migrationBuilder.DropTable("outbox_messages");
        MessagingTablesV1.Create(migrationBuilder);
        migrationBuilder.Sql("""
            INSERT INTO outbox_messages (message_id, type, payload, occurred_at, attempts)
            SELECT id, type, payload, occurred_at, 0 FROM outbox_pending ORDER BY occurred_at, id;
            """);
        migrationBuilder.DropTable("outbox_pending");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        MessagingTablesV1.Drop(migrationBuilder);
        new Outbox().UpOperations.ToList().ForEach(migrationBuilder.Operations.Add);
    }
}
