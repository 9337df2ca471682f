using McpGateway.Catalog.Infrastructure;
using McpGateway.ServiceDefaults.Authorization.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace McpGateway.Catalog.Infrastructure.Migrations;

/// <summary>
/// What the catalog needs to decide and to name tenancy on its own: the policy projection (`policy_*`, from the teams
/// service's events), `team_references` (team names and slugs for exports), and one virtual server name per team.
/// </summary>
[DbContext(typeof(CatalogContext))]
[Migration("20261201000000_Tenancy")]
public partial class Tenancy : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreatePolicyProjectionTables();
        migrationBuilder.CreateTable(
            name: "team_references",
            columns: table => new
            {
                team_id = table.Column<string>(nullable: false),
                name = table.Column<string>(nullable: false),
                slug = table.Column<string>(nullable: false),
                is_personal = table.Column<bool>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_team_references", x => x.team_id));
        migrationBuilder.CreateIndex("ix_team_references_slug", "team_references", ["slug"]);
        migrationBuilder.CreateIndex("ix_servers_team_id_name", "servers", ["team_id", "name"], unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("ix_servers_team_id_name", "servers");
        migrationBuilder.DropTable("team_references");
        migrationBuilder.DropPolicyProjectionTables();
    }
}
