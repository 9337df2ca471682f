using McpGateway.Auth.Infrastructure;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace McpGateway.Auth.Infrastructure.Migrations;

/// <summary>
/// The OAuth 2.1 / OpenID Connect provider moves onto OpenIddict: its applications (clients), authorizations (grants),
/// scopes and tokens replace our own clients, authorization codes and refresh tokens. Written by hand, without store
/// types, so one migration serves SQLite and PostgreSQL; names follow OpenIddict's model with our snake_case columns.
/// Registered clients and live grants are not carried over: a client registers again (MCP clients do so when told
/// their client_id is unknown) and a user signs in again.
/// </summary>
[DbContext(typeof(AuthContext))]
[Migration("20261201000000_OpenIddict")]
public partial class OpenIddict : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("oauth_refresh_tokens");
        migrationBuilder.DropTable("oauth_authorization_codes");
        migrationBuilder.DropTable("oauth_clients");

        migrationBuilder.CreateTable(
            name: "oauth_applications",
            columns: table => new
            {
                id = table.Column<string>(nullable: false),
                application_type = table.Column<string>(maxLength: 50, nullable: true),
                client_id = table.Column<string>(maxLength: 2000, nullable: true),
                client_secret = table.Column<string>(nullable: true),
                client_type = table.Column<string>(maxLength: 50, nullable: true),
                concurrency_token = table.Column<string>(maxLength: 50, nullable: true),
                consent_type = table.Column<string>(maxLength: 50, nullable: true),
                display_name = table.Column<string>(nullable: true),
                display_names = table.Column<string>(nullable: true),
                json_web_key_set = table.Column<string>(nullable: true),
                permissions = table.Column<string>(nullable: true),
                post_logout_redirect_uris = table.Column<string>(nullable: true),
                properties = table.Column<string>(nullable: true),
                redirect_uris = table.Column<string>(nullable: true),
                requirements = table.Column<string>(nullable: true),
                settings = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_oauth_applications", x => x.id));

        migrationBuilder.CreateTable(
            name: "oauth_scopes",
            columns: table => new
            {
                id = table.Column<string>(nullable: false),
                concurrency_token = table.Column<string>(maxLength: 50, nullable: true),
                description = table.Column<string>(nullable: true),
                descriptions = table.Column<string>(nullable: true),
                display_name = table.Column<string>(nullable: true),
                display_names = table.Column<string>(nullable: true),
                name = table.Column<string>(maxLength: 200, nullable: true),
                properties = table.Column<string>(nullable: true),
                resources = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_oauth_scopes", x => x.id));

        migrationBuilder.CreateTable(
            name: "oauth_authorizations",
            columns: table => new
            {
                id = table.Column<string>(nullable: false),
                application_id = table.Column<string>(nullable: true),
                concurrency_token = table.Column<string>(maxLength: 50, nullable: true),
                creation_date = table.Column<DateTime>(nullable: true),
                properties = table.Column<string>(nullable: true),
                scopes = table.Column<string>(nullable: true),
                status = table.Column<string>(maxLength: 50, nullable: true),
                subject = table.Column<string>(maxLength: 400, nullable: true),
                type = table.Column<string>(maxLength: 50, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_oauth_authorizations", x => x.id);
                table.ForeignKey("FK_oauth_authorizations_oauth_applications_application_id", x => x.application_id, "oauth_applications", "id");
            });

        migrationBuilder.CreateTable(
            name: "oauth_tokens",
            columns: table => new
            {
                id = table.Column<string>(nullable: false),
                application_id = table.Column<string>(nullable: true),
                authorization_id = table.Column<string>(nullable: true),
                concurrency_token = table.Column<string>(maxLength: 50, nullable: true),
                creation_date = table.Column<DateTime>(nullable: true),
                expiration_date = table.Column<DateTime>(nullable: true),
                payload = table.Column<string>(nullable: true),
                properties = table.Column<string>(nullable: true),
                redemption_date = table.Column<DateTime>(nullable: true),
                reference_id = table.Column<string>(maxLength: 100, nullable: true),
                status = table.Column<string>(maxLength: 50, nullable: true),
                subject = table.Column<string>(maxLength: 400, nullable: true),
                type = table.Column<string>(maxLength: 150, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_oauth_tokens", x => x.id);
                table.ForeignKey("FK_oauth_tokens_oauth_applications_application_id", x => x.application_id, "oauth_applications", "id");
                table.ForeignKey("FK_oauth_tokens_oauth_authorizations_authorization_id", x => x.authorization_id, "oauth_authorizations", "id");
            });

        migrationBuilder.CreateIndex("IX_oauth_applications_client_id", "oauth_applications", "client_id", unique: true);
        migrationBuilder.CreateIndex("IX_oauth_scopes_name", "oauth_scopes", "name", unique: true);
        migrationBuilder.CreateIndex("IX_oauth_authorizations_application_id_status_subject_type", "oauth_authorizations",
            ["application_id", "status", "subject", "type"]);
        migrationBuilder.CreateIndex("IX_oauth_tokens_application_id_status_subject_type", "oauth_tokens", ["application_id", "status", "subject", "type"]);
        migrationBuilder.CreateIndex("IX_oauth_tokens_authorization_id", "oauth_tokens", "authorization_id");
        migrationBuilder.CreateIndex("IX_oauth_tokens_reference_id", "oauth_tokens", "reference_id", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("oauth_tokens");
        migrationBuilder.DropTable("oauth_authorizations");
        migrationBuilder.DropTable("oauth_scopes");
        migrationBuilder.DropTable("oauth_applications");
        // The hand-written provider's tables are not restored: go back to a release before this one with a fresh database.
    }
}
