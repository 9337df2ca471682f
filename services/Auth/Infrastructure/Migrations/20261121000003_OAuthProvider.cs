using McpGateway.Auth.Infrastructure;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace McpGateway.Auth.Infrastructure.Migrations;

/// <summary>
/// What the OAuth 2.1 / OIDC provider needs beyond the first schema: clients' post-logout redirect URIs, the user's
/// `auth_time` on codes and refresh tokens (id_tokens carry it), whether the authorization request named its
/// redirect_uri (the token request must then repeat it), and the access token issued with each code or refresh token,
/// so a replayed code or refresh token revokes it along with the refresh token family.
/// </summary>
[DbContext(typeof(AuthContext))]
[Migration("20261121000003_OAuthProvider")]
public partial class OAuthProvider : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("post_logout_redirect_uris", "oauth_clients", nullable: false, defaultValue: "[]");

        migrationBuilder.AddColumn<bool>("redirect_uri_supplied", "oauth_authorization_codes", nullable: false, defaultValue: true);
        migrationBuilder.AddColumn<DateTime>("auth_time", "oauth_authorization_codes", nullable: true);
        migrationBuilder.AddColumn<string>("access_token_jti", "oauth_authorization_codes", nullable: true);
        migrationBuilder.AddColumn<DateTime>("access_token_expires_at", "oauth_authorization_codes", nullable: true);

        migrationBuilder.AddColumn<DateTime>("auth_time", "oauth_refresh_tokens", nullable: true);
        migrationBuilder.AddColumn<string>("access_token_jti", "oauth_refresh_tokens", nullable: true);
        migrationBuilder.AddColumn<DateTime>("access_token_expires_at", "oauth_refresh_tokens", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("access_token_expires_at", "oauth_refresh_tokens");
        migrationBuilder.DropColumn("access_token_jti", "oauth_refresh_tokens");
        migrationBuilder.DropColumn("auth_time", "oauth_refresh_tokens");

        migrationBuilder.DropColumn("access_token_expires_at", "oauth_authorization_codes");
        migrationBuilder.DropColumn("access_token_jti", "oauth_authorization_codes");
        migrationBuilder.DropColumn("auth_time", "oauth_authorization_codes");
        migrationBuilder.DropColumn("redirect_uri_supplied", "oauth_authorization_codes");

        migrationBuilder.DropColumn("post_logout_redirect_uris", "oauth_clients");
    }
}
