using McpGateway.ServiceDefaults.Messaging.Migrations;
using McpGateway.Teams.Infrastructure;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace McpGateway.Teams.Infrastructure.Migrations;

/// <summary>
/// The messaging tables (MessagingTablesV1), and `users`: the accounts the auth service announced (UserCreated and
/// the events after it), so teams knows a user without asking auth.
/// </summary>
[DbContext(typeof(TeamsContext))]
[Migration("20261122100000_Messaging")]
public partial class Messaging : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        MessagingTablesV1.Create(migrationBuilder);
        migrationBuilder.CreateTable(
            name: "users",
            columns: table => new
            {
                email = table.Column<string>(nullable: false),
                full_name = table.Column<string>(nullable: true),
                is_admin = table.Column<bool>(nullable: false),
                is_active = table.Column<bool>(nullable: false),
                auth_provider = table.Column<string>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_users", x => x.email));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("users");
        MessagingTablesV1.Drop(migrationBuilder);
    }
}
