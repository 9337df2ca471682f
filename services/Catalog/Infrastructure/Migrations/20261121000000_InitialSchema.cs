using McpGateway.Catalog.Infrastructure;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace McpGateway.Catalog.Infrastructure.Migrations;

/// <summary>
/// The catalog's first schema, written by hand with no store types so one migration serves SQLite and PostgreSQL
/// (DEPENDENCIES.md: `dotnet ef` is unavailable). JSON values (tags, schemas, arguments) are text columns.
/// </summary>
[DbContext(typeof(CatalogContext))]
[Migration("20261121000000_InitialSchema")]
public partial class InitialSchema : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "gateways",
            columns: table => new
            {
                id = table.Column<string>(nullable: false),
                name = table.Column<string>(nullable: false),
                description = table.Column<string>(nullable: true),
                tags = table.Column<string>(nullable: false),
                enabled = table.Column<bool>(nullable: false),
                team_id = table.Column<string>(nullable: true),
                owner_email = table.Column<string>(nullable: false),
                visibility = table.Column<string>(nullable: false),
                created_by = table.Column<string>(nullable: true),
                created_at = table.Column<DateTime>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
                slug = table.Column<string>(nullable: false),
                url = table.Column<string>(nullable: false),
                transport = table.Column<string>(nullable: false),
                auth_type = table.Column<string>(nullable: false),
                auth_value = table.Column<string>(nullable: true),
                passthrough_headers = table.Column<string>(nullable: false),
                capabilities = table.Column<string>(nullable: true),
                reachable = table.Column<bool>(nullable: false),
                last_seen_at = table.Column<DateTime>(nullable: true),
                last_refreshed_at = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_gateways", x => x.id);
            });
        migrationBuilder.CreateTable(
            name: "servers",
            columns: table => new
            {
                id = table.Column<string>(nullable: false),
                name = table.Column<string>(nullable: false),
                description = table.Column<string>(nullable: true),
                tags = table.Column<string>(nullable: false),
                enabled = table.Column<bool>(nullable: false),
                team_id = table.Column<string>(nullable: true),
                owner_email = table.Column<string>(nullable: false),
                visibility = table.Column<string>(nullable: false),
                created_by = table.Column<string>(nullable: true),
                created_at = table.Column<DateTime>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
                icon = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_servers", x => x.id);
            });
        migrationBuilder.CreateTable(
            name: "tools",
            columns: table => new
            {
                id = table.Column<string>(nullable: false),
                name = table.Column<string>(nullable: false),
                description = table.Column<string>(nullable: true),
                tags = table.Column<string>(nullable: false),
                enabled = table.Column<bool>(nullable: false),
                team_id = table.Column<string>(nullable: true),
                owner_email = table.Column<string>(nullable: false),
                visibility = table.Column<string>(nullable: false),
                created_by = table.Column<string>(nullable: true),
                created_at = table.Column<DateTime>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
                original_name = table.Column<string>(nullable: false),
                display_name = table.Column<string>(nullable: true),
                url = table.Column<string>(nullable: true),
                integration_type = table.Column<string>(nullable: false),
                request_type = table.Column<string>(nullable: true),
                input_schema = table.Column<string>(nullable: false),
                output_schema = table.Column<string>(nullable: true),
                annotations = table.Column<string>(nullable: true),
                headers = table.Column<string>(nullable: true),
                auth_type = table.Column<string>(nullable: false),
                auth_value = table.Column<string>(nullable: true),
                reachable = table.Column<bool>(nullable: false),
                gateway_id = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_tools", x => x.id);
                table.ForeignKey("fk_tools_gateways", x => x.gateway_id, "gateways", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateTable(
            name: "resources",
            columns: table => new
            {
                id = table.Column<string>(nullable: false),
                name = table.Column<string>(nullable: false),
                description = table.Column<string>(nullable: true),
                tags = table.Column<string>(nullable: false),
                enabled = table.Column<bool>(nullable: false),
                team_id = table.Column<string>(nullable: true),
                owner_email = table.Column<string>(nullable: false),
                visibility = table.Column<string>(nullable: false),
                created_by = table.Column<string>(nullable: true),
                created_at = table.Column<DateTime>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
                uri = table.Column<string>(nullable: false),
                uri_template = table.Column<string>(nullable: true),
                mime_type = table.Column<string>(nullable: true),
                size = table.Column<long>(nullable: true),
                content = table.Column<string>(nullable: true),
                gateway_id = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_resources", x => x.id);
                table.ForeignKey("fk_resources_gateways", x => x.gateway_id, "gateways", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateTable(
            name: "prompts",
            columns: table => new
            {
                id = table.Column<string>(nullable: false),
                name = table.Column<string>(nullable: false),
                description = table.Column<string>(nullable: true),
                tags = table.Column<string>(nullable: false),
                enabled = table.Column<bool>(nullable: false),
                team_id = table.Column<string>(nullable: true),
                owner_email = table.Column<string>(nullable: false),
                visibility = table.Column<string>(nullable: false),
                created_by = table.Column<string>(nullable: true),
                created_at = table.Column<DateTime>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
                template = table.Column<string>(nullable: true),
                arguments = table.Column<string>(nullable: false),
                gateway_id = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_prompts", x => x.id);
                table.ForeignKey("fk_prompts_gateways", x => x.gateway_id, "gateways", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_gateways_team_id_visibility", "gateways", new[] { "team_id", "visibility" });
        migrationBuilder.CreateIndex("ix_gateways_owner_email", "gateways", new[] { "owner_email" });
        migrationBuilder.CreateIndex("ix_servers_team_id_visibility", "servers", new[] { "team_id", "visibility" });
        migrationBuilder.CreateIndex("ix_servers_owner_email", "servers", new[] { "owner_email" });
        migrationBuilder.CreateIndex("ix_tools_team_id_visibility", "tools", new[] { "team_id", "visibility" });
        migrationBuilder.CreateIndex("ix_tools_owner_email", "tools", new[] { "owner_email" });
        migrationBuilder.CreateIndex("ix_resources_team_id_visibility", "resources", new[] { "team_id", "visibility" });
        migrationBuilder.CreateIndex("ix_resources_owner_email", "resources", new[] { "owner_email" });
        migrationBuilder.CreateIndex("ix_prompts_team_id_visibility", "prompts", new[] { "team_id", "visibility" });
        migrationBuilder.CreateIndex("ix_prompts_owner_email", "prompts", new[] { "owner_email" });
        migrationBuilder.CreateIndex("ix_gateways_team_id_url", "gateways", new[] { "team_id", "url" }, unique: true);
        migrationBuilder.CreateIndex("ix_gateways_team_id_slug", "gateways", new[] { "team_id", "slug" }, unique: true);
        migrationBuilder.CreateIndex("ix_tools_gateway_id_original_name", "tools", new[] { "gateway_id", "original_name" }, unique: true);
        migrationBuilder.CreateIndex("ix_resources_gateway_id_uri", "resources", new[] { "gateway_id", "uri" }, unique: true);
        migrationBuilder.CreateIndex("ix_prompts_gateway_id_name", "prompts", new[] { "gateway_id", "name" }, unique: true);
        migrationBuilder.CreateTable(
            name: "server_tool_association",
            columns: table => new
            {
                server_id = table.Column<string>(nullable: false),
                tool_id = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_server_tool_association", x => new { x.server_id, x.tool_id });
                table.ForeignKey("fk_server_tool_association_servers", x => x.server_id, "servers", "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_server_tool_association_tools", x => x.tool_id, "tools", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_server_tool_association_tool_id", "server_tool_association", new[] { "tool_id" });
        migrationBuilder.CreateTable(
            name: "server_resource_association",
            columns: table => new
            {
                server_id = table.Column<string>(nullable: false),
                resource_id = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_server_resource_association", x => new { x.server_id, x.resource_id });
                table.ForeignKey("fk_server_resource_association_servers", x => x.server_id, "servers", "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_server_resource_association_resources", x => x.resource_id, "resources", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_server_resource_association_resource_id", "server_resource_association", new[] { "resource_id" });
        migrationBuilder.CreateTable(
            name: "server_prompt_association",
            columns: table => new
            {
                server_id = table.Column<string>(nullable: false),
                prompt_id = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_server_prompt_association", x => new { x.server_id, x.prompt_id });
                table.ForeignKey("fk_server_prompt_association_servers", x => x.server_id, "servers", "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_server_prompt_association_prompts", x => x.prompt_id, "prompts", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_server_prompt_association_prompt_id", "server_prompt_association", new[] { "prompt_id" });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("server_tool_association");
        migrationBuilder.DropTable("server_resource_association");
        migrationBuilder.DropTable("server_prompt_association");
        migrationBuilder.DropTable("tools");
        migrationBuilder.DropTable("resources");
        migrationBuilder.DropTable("prompts");
        migrationBuilder.DropTable("servers");
        migrationBuilder.DropTable("gateways");
    }
}
