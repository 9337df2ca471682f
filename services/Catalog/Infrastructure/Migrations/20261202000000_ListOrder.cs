using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace McpGateway.Catalog.Infrastructure.Migrations;

/// <summary>
/// Every list is ordered by name, then id (stable pages): an index in that order lets a page be read in order and cut
/// after its rows, rather than sorting every visible entity per request.
/// </summary>
[DbContext(typeof(CatalogContext))]
[Migration("20261202000000_ListOrder")]
public partial class ListOrder : Migration
{
    private static readonly string[] Tables = ["gateways", "tools", "resources", "prompts", "servers"];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        foreach (var table in Tables)
        {
            migrationBuilder.CreateIndex($"ix_{table}_name_id", table, ["name", "id"]);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in Tables)
        {
            migrationBuilder.DropIndex($"ix_{table}_name_id", table);
        }
    }
}
