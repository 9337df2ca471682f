using McpGateway.Auth.Infrastructure;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace McpGateway.Auth.Infrastructure.Migrations;

/// <summary>
/// API token names are unique per user among active tokens only, so revoking "ci" lets its owner create a new "ci"
/// (the revoked row stays for its usage log and audit). A partial index: `WHERE is_active` reads the same on SQLite
/// (0/1) and PostgreSQL (boolean). Also indexes team_id for `GET /tokens/teams/{team_id}`.
/// </summary>
[DbContext(typeof(AuthContext))]
[Migration("20261121000002_ApiTokenNamesUniqueWhileActive")]
public partial class ApiTokenNamesUniqueWhileActive : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("ix_email_api_tokens_user_email_name", "email_api_tokens");
        migrationBuilder.CreateIndex("ix_email_api_tokens_user_email_name", "email_api_tokens", ["user_email", "name"], unique: true, filter: "is_active");
        migrationBuilder.CreateIndex("ix_email_api_tokens_team_id", "email_api_tokens", ["team_id"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("ix_email_api_tokens_team_id", "email_api_tokens");
        migrationBuilder.DropIndex("ix_email_api_tokens_user_email_name", "email_api_tokens");
        migrationBuilder.CreateIndex("ix_email_api_tokens_user_email_name", "email_api_tokens", ["user_email", "name"], unique: true);
    }
}
