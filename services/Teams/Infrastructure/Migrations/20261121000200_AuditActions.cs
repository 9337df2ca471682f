using McpGateway.Teams.Infrastructure;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace McpGateway.Teams.Infrastructure.Migrations;

/// <summary>
/// The audit log records changes as well as checks: what happened (`action`) and to whom (`target_email`); and is
/// read newest first across users, so it is indexed by time alone too.
/// </summary>
[DbContext(typeof(TeamsContext))]
[Migration("20261121000200_AuditActions")]
public partial class AuditActions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "action", table: "permission_audit_log", nullable: false, defaultValue: "permission.check");
        migrationBuilder.AddColumn<string>(name: "target_email", table: "permission_audit_log", nullable: true);
        migrationBuilder.CreateIndex("ix_permission_audit_log_timestamp", "permission_audit_log", ["timestamp"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("ix_permission_audit_log_timestamp", "permission_audit_log");
        migrationBuilder.DropColumn("target_email", "permission_audit_log");
        migrationBuilder.DropColumn("action", "permission_audit_log");
    }
}
