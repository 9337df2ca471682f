using McpGateway.Teams.Infrastructure;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace McpGateway.Teams.Infrastructure.Migrations;

/// <summary>
/// The teams service's first schema, written by hand with no store types so one migration serves SQLite and PostgreSQL
/// (DEPENDENCIES.md: `dotnet ef` is unavailable). Table names follow ContextForge's; lists and JSON are text columns.
/// The audit log has an integer identity key: each provider reads its own annotation and ignores the other's.
/// </summary>
[DbContext(typeof(TeamsContext))]
[Migration("20261121000000_InitialSchema")]
public partial class InitialSchema : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "email_teams",
            columns: table => new
            {
                id = table.Column<string>(nullable: false),
                name = table.Column<string>(nullable: false),
                slug = table.Column<string>(nullable: false),
                description = table.Column<string>(nullable: true),
                created_by = table.Column<string>(nullable: false),
                is_personal = table.Column<bool>(nullable: false),
                visibility = table.Column<string>(nullable: false),
                max_members = table.Column<int>(nullable: true),
                is_active = table.Column<bool>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_email_teams", x => x.id);
            });
        migrationBuilder.CreateTable(
            name: "email_team_members",
            columns: table => new
            {
                id = table.Column<string>(nullable: false),
                team_id = table.Column<string>(nullable: false),
                user_email = table.Column<string>(nullable: false),
                role = table.Column<string>(nullable: false),
                joined_at = table.Column<DateTime>(nullable: false),
                invited_by = table.Column<string>(nullable: true),
                is_active = table.Column<bool>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_email_team_members", x => x.id);
                table.ForeignKey("fk_email_team_members_email_teams", x => x.team_id, "email_teams", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateTable(
            name: "email_team_invitations",
            columns: table => new
            {
                id = table.Column<string>(nullable: false),
                team_id = table.Column<string>(nullable: false),
                email = table.Column<string>(nullable: false),
                role = table.Column<string>(nullable: false),
                invited_by = table.Column<string>(nullable: false),
                invited_at = table.Column<DateTime>(nullable: false),
                expires_at = table.Column<DateTime>(nullable: false),
                token_hash = table.Column<string>(nullable: false),
                is_active = table.Column<bool>(nullable: false),
                accepted_at = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_email_team_invitations", x => x.id);
                table.ForeignKey("fk_email_team_invitations_email_teams", x => x.team_id, "email_teams", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateTable(
            name: "email_team_join_requests",
            columns: table => new
            {
                id = table.Column<string>(nullable: false),
                team_id = table.Column<string>(nullable: false),
                user_email = table.Column<string>(nullable: false),
                message = table.Column<string>(nullable: true),
                status = table.Column<string>(nullable: false),
                requested_at = table.Column<DateTime>(nullable: false),
                expires_at = table.Column<DateTime>(nullable: false),
                reviewed_at = table.Column<DateTime>(nullable: true),
                reviewed_by = table.Column<string>(nullable: true),
                notes = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_email_team_join_requests", x => x.id);
                table.ForeignKey("fk_email_team_join_requests_email_teams", x => x.team_id, "email_teams", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateTable(
            name: "roles",
            columns: table => new
            {
                id = table.Column<string>(nullable: false),
                name = table.Column<string>(nullable: false),
                description = table.Column<string>(nullable: true),
                scope = table.Column<string>(nullable: false),
                permissions = table.Column<string>(nullable: false),
                inherits_from = table.Column<string>(nullable: true),
                created_by = table.Column<string>(nullable: false),
                is_system_role = table.Column<bool>(nullable: false),
                is_active = table.Column<bool>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_roles", x => x.id);
                table.ForeignKey("fk_roles_roles", x => x.inherits_from, "roles", "id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateTable(
            name: "user_roles",
            columns: table => new
            {
                id = table.Column<string>(nullable: false),
                user_email = table.Column<string>(nullable: false),
                role_id = table.Column<string>(nullable: false),
                scope = table.Column<string>(nullable: false),
                scope_id = table.Column<string>(nullable: true),
                granted_by = table.Column<string>(nullable: false),
                granted_at = table.Column<DateTime>(nullable: false),
                expires_at = table.Column<DateTime>(nullable: true),
                is_active = table.Column<bool>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_user_roles", x => x.id);
                table.ForeignKey("fk_user_roles_roles", x => x.role_id, "roles", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateTable(
            name: "permission_audit_log",
            columns: table => new
            {
                id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                timestamp = table.Column<DateTime>(nullable: false),
                user_email = table.Column<string>(nullable: true),
                permission = table.Column<string>(nullable: false),
                resource_type = table.Column<string>(nullable: true),
                resource_id = table.Column<string>(nullable: true),
                team_id = table.Column<string>(nullable: true),
                granted = table.Column<bool>(nullable: false),
                roles_checked = table.Column<string>(nullable: true),
                ip_address = table.Column<string>(nullable: true),
                user_agent = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_permission_audit_log", x => x.id);
            });
        migrationBuilder.CreateIndex("ix_email_teams_slug", "email_teams", new[] { "slug" }, unique: true);
        migrationBuilder.CreateIndex("ix_email_team_members_team_id_user_email", "email_team_members", new[] { "team_id", "user_email" }, unique: true);
        migrationBuilder.CreateIndex("ix_email_team_members_user_email", "email_team_members", new[] { "user_email" });
        migrationBuilder.CreateIndex("ix_email_team_invitations_token_hash", "email_team_invitations", new[] { "token_hash" }, unique: true);
        migrationBuilder.CreateIndex("ix_email_team_invitations_team_id", "email_team_invitations", new[] { "team_id" });
        migrationBuilder.CreateIndex("ix_email_team_join_requests_team_id_status", "email_team_join_requests", new[] { "team_id", "status" });
        migrationBuilder.CreateIndex("ix_roles_name_scope", "roles", new[] { "name", "scope" }, unique: true);
        migrationBuilder.CreateIndex("ix_roles_inherits_from", "roles", new[] { "inherits_from" });
        migrationBuilder.CreateIndex("ix_user_roles_user_email_scope_scope_id", "user_roles", new[] { "user_email", "scope", "scope_id" });
        migrationBuilder.CreateIndex("ix_user_roles_role_id", "user_roles", new[] { "role_id" });
        migrationBuilder.CreateIndex("ix_permission_audit_log_user_email_timestamp", "permission_audit_log", new[] { "user_email", "timestamp" });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("permission_audit_log");
        migrationBuilder.DropTable("user_roles");
        migrationBuilder.DropTable("roles");
        migrationBuilder.DropTable("email_team_join_requests");
        migrationBuilder.DropTable("email_team_invitations");
        migrationBuilder.DropTable("email_team_members");
        migrationBuilder.DropTable("email_teams");
    }
}
