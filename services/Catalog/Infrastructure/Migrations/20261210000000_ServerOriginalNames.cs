using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace McpGateway.Catalog.Infrastructure.Migrations;

/// <summary>
/// A virtual server may expose its tools and prompts under their upstream names (`servers.expose_original_names`);
/// existing servers keep the prefixed names.
/// </summary>
[DbContext(typeof(CatalogContext))]
[Migration("20261210000000_ServerOriginalNames")]
public partial class ServerOriginalNames : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<bool>(name: "expose_original_names", table: "servers", nullable: false, defaultValue: false);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn("expose_original_names", "servers");
}
