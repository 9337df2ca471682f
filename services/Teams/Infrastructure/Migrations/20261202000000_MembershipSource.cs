using McpGateway.Teams.Infrastructure;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace McpGateway.Teams.Infrastructure.Migrations;

/// <summary>
/// Memberships remember who granted them (`source`: `sso:{provider}`, or null by hand), so an identity provider's
/// group mapping removes only what it granted.
/// </summary>
[DbContext(typeof(TeamsContext))]
[Migration("20261202000000_MembershipSource")]
public partial class MembershipSource : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "source", table: "email_team_members", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("source", "email_team_members");
    }
}
