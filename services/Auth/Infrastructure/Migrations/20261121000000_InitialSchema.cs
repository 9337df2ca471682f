using McpGateway.Auth.Infrastructure;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace McpGateway.Auth.Infrastructure.Migrations;

/// <summary>
/// The auth service's first schema, written by hand with no store types so one migration serves SQLite and PostgreSQL
/// (DEPENDENCIES.md: `dotnet ef` is unavailable). Table names follow ContextForge's; lists and JSON are text columns.
/// The append-only logs have integer identity keys: each provider reads its own annotation and ignores the other's.
/// </summary>
[DbContext(typeof(AuthContext))]
[Migration("20261121000000_InitialSchema")]
public partial class InitialSchema : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "email_users",
            columns: table => new
            {
                email = table.Column<string>(nullable: false),
                password_hash = table.Column<string>(nullable: true),
                full_name = table.Column<string>(nullable: true),
                is_admin = table.Column<bool>(nullable: false),
                is_active = table.Column<bool>(nullable: false),
                email_verified_at = table.Column<DateTime>(nullable: true),
                auth_provider = table.Column<string>(nullable: false),
                failed_login_attempts = table.Column<int>(nullable: false),
                locked_until = table.Column<DateTime>(nullable: true),
                last_login_at = table.Column<DateTime>(nullable: true),
                password_changed_at = table.Column<DateTime>(nullable: true),
                created_at = table.Column<DateTime>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_email_users", x => x.email);
            });
        migrationBuilder.CreateTable(
            name: "email_auth_events",
            columns: table => new
            {
                id = IdentityColumn(table),
                timestamp = table.Column<DateTime>(nullable: false),
                user_email = table.Column<string>(nullable: true),
                event_type = table.Column<string>(nullable: false),
                success = table.Column<bool>(nullable: false),
                ip_address = table.Column<string>(nullable: true),
                user_agent = table.Column<string>(nullable: true),
                failure_reason = table.Column<string>(nullable: true),
                details = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_email_auth_events", x => x.id);
            });
        migrationBuilder.CreateTable(
            name: "email_api_tokens",
            columns: table => new
            {
                id = table.Column<string>(nullable: false),
                user_email = table.Column<string>(nullable: false),
                team_id = table.Column<string>(nullable: true),
                name = table.Column<string>(nullable: false),
                description = table.Column<string>(nullable: true),
                jti = table.Column<string>(nullable: false),
                token_hash = table.Column<string>(nullable: false),
                server_id = table.Column<string>(nullable: true),
                resource_scopes = table.Column<string>(nullable: false),
                ip_restrictions = table.Column<string>(nullable: false),
                expires_at = table.Column<DateTime>(nullable: true),
                last_used_at = table.Column<DateTime>(nullable: true),
                is_active = table.Column<bool>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_email_api_tokens", x => x.id);
                table.ForeignKey("fk_email_api_tokens_email_users", x => x.user_email, "email_users", "email", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateTable(
            name: "token_usage_logs",
            columns: table => new
            {
                id = IdentityColumn(table),
                token_jti = table.Column<string>(nullable: false),
                user_email = table.Column<string>(nullable: false),
                timestamp = table.Column<DateTime>(nullable: false),
                endpoint = table.Column<string>(nullable: false),
                method = table.Column<string>(nullable: false),
                ip_address = table.Column<string>(nullable: true),
                status_code = table.Column<int>(nullable: true),
                response_time_ms = table.Column<int>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_token_usage_logs", x => x.id);
            });
        migrationBuilder.CreateTable(
            name: "token_revocations",
            columns: table => new
            {
                jti = table.Column<string>(nullable: false),
                revoked_at = table.Column<DateTime>(nullable: false),
                revoked_by = table.Column<string>(nullable: true),
                reason = table.Column<string>(nullable: true),
                expires_at = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_token_revocations", x => x.jti);
            });
        migrationBuilder.CreateTable(
            name: "sso_providers",
            columns: table => new
            {
                id = table.Column<string>(nullable: false),
                name = table.Column<string>(nullable: false),
                display_name = table.Column<string>(nullable: false),
                provider_type = table.Column<string>(nullable: false),
                client_id = table.Column<string>(nullable: false),
                client_secret_encrypted = table.Column<string>(nullable: true),
                authorization_url = table.Column<string>(nullable: false),
                token_url = table.Column<string>(nullable: false),
                userinfo_url = table.Column<string>(nullable: false),
                issuer = table.Column<string>(nullable: true),
                jwks_uri = table.Column<string>(nullable: true),
                scope = table.Column<string>(nullable: false),
                trusted_domains = table.Column<string>(nullable: false),
                auto_create_users = table.Column<bool>(nullable: false),
                team_mapping = table.Column<string>(nullable: false),
                is_enabled = table.Column<bool>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_sso_providers", x => x.id);
            });
        migrationBuilder.CreateTable(
            name: "sso_auth_sessions",
            columns: table => new
            {
                id = table.Column<string>(nullable: false),
                provider_id = table.Column<string>(nullable: false),
                state = table.Column<string>(nullable: false),
                code_verifier = table.Column<string>(nullable: true),
                nonce = table.Column<string>(nullable: true),
                redirect_uri = table.Column<string>(nullable: false),
                user_email = table.Column<string>(nullable: true),
                created_at = table.Column<DateTime>(nullable: false),
                expires_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_sso_auth_sessions", x => x.id);
                table.ForeignKey("fk_sso_auth_sessions_sso_providers", x => x.provider_id, "sso_providers", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateTable(
            name: "pending_user_approvals",
            columns: table => new
            {
                id = table.Column<string>(nullable: false),
                email = table.Column<string>(nullable: false),
                full_name = table.Column<string>(nullable: true),
                auth_provider = table.Column<string>(nullable: false),
                sso_metadata = table.Column<string>(nullable: true),
                requested_at = table.Column<DateTime>(nullable: false),
                expires_at = table.Column<DateTime>(nullable: false),
                status = table.Column<string>(nullable: false),
                approved_by = table.Column<string>(nullable: true),
                approved_at = table.Column<DateTime>(nullable: true),
                rejection_reason = table.Column<string>(nullable: true),
                admin_notes = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_pending_user_approvals", x => x.id);
            });
        migrationBuilder.CreateTable(
            name: "oauth_clients",
            columns: table => new
            {
                client_id = table.Column<string>(nullable: false),
                client_secret_hash = table.Column<string>(nullable: true),
                client_name = table.Column<string>(nullable: true),
                redirect_uris = table.Column<string>(nullable: false),
                grant_types = table.Column<string>(nullable: false),
                response_types = table.Column<string>(nullable: false),
                token_endpoint_auth_method = table.Column<string>(nullable: false),
                scope = table.Column<string>(nullable: true),
                is_dynamic = table.Column<bool>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_oauth_clients", x => x.client_id);
            });
        migrationBuilder.CreateTable(
            name: "oauth_authorization_codes",
            columns: table => new
            {
                code_hash = table.Column<string>(nullable: false),
                client_id = table.Column<string>(nullable: false),
                user_email = table.Column<string>(nullable: false),
                redirect_uri = table.Column<string>(nullable: false),
                scope = table.Column<string>(nullable: true),
                resource = table.Column<string>(nullable: true),
                code_challenge = table.Column<string>(nullable: false),
                code_challenge_method = table.Column<string>(nullable: false),
                nonce = table.Column<string>(nullable: true),
                expires_at = table.Column<DateTime>(nullable: false),
                consumed_at = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_oauth_authorization_codes", x => x.code_hash);
                table.ForeignKey("fk_oauth_authorization_codes_oauth_clients", x => x.client_id, "oauth_clients", "client_id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateTable(
            name: "oauth_refresh_tokens",
            columns: table => new
            {
                token_hash = table.Column<string>(nullable: false),
                family_id = table.Column<string>(nullable: false),
                client_id = table.Column<string>(nullable: false),
                user_email = table.Column<string>(nullable: false),
                scope = table.Column<string>(nullable: true),
                resource = table.Column<string>(nullable: true),
                expires_at = table.Column<DateTime>(nullable: false),
                consumed_at = table.Column<DateTime>(nullable: true),
                revoked_at = table.Column<DateTime>(nullable: true),
                created_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_oauth_refresh_tokens", x => x.token_hash);
                table.ForeignKey("fk_oauth_refresh_tokens_oauth_clients", x => x.client_id, "oauth_clients", "client_id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateTable(
            name: "oauth_signing_keys",
            columns: table => new
            {
                kid = table.Column<string>(nullable: false),
                algorithm = table.Column<string>(nullable: false),
                private_key = table.Column<string>(nullable: false),
                public_jwk = table.Column<string>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                activated_at = table.Column<DateTime>(nullable: true),
                retired_at = table.Column<DateTime>(nullable: true),
                expires_at = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_oauth_signing_keys", x => x.kid);
            });
        migrationBuilder.CreateIndex("ix_email_auth_events_user_email_timestamp", "email_auth_events", new[] { "user_email", "timestamp" });
        migrationBuilder.CreateIndex("ix_email_auth_events_timestamp", "email_auth_events", new[] { "timestamp" });
        migrationBuilder.CreateIndex("ix_email_api_tokens_user_email_name", "email_api_tokens", new[] { "user_email", "name" }, unique: true);
        migrationBuilder.CreateIndex("ix_email_api_tokens_jti", "email_api_tokens", new[] { "jti" }, unique: true);
        migrationBuilder.CreateIndex("ix_email_api_tokens_token_hash", "email_api_tokens", new[] { "token_hash" }, unique: true);
        migrationBuilder.CreateIndex("ix_token_usage_logs_token_jti_timestamp", "token_usage_logs", new[] { "token_jti", "timestamp" });
        migrationBuilder.CreateIndex("ix_token_revocations_expires_at", "token_revocations", new[] { "expires_at" });
        migrationBuilder.CreateIndex("ix_sso_providers_name", "sso_providers", new[] { "name" }, unique: true);
        migrationBuilder.CreateIndex("ix_sso_auth_sessions_state", "sso_auth_sessions", new[] { "state" }, unique: true);
        migrationBuilder.CreateIndex("ix_sso_auth_sessions_provider_id", "sso_auth_sessions", new[] { "provider_id" });
        migrationBuilder.CreateIndex("ix_pending_user_approvals_email", "pending_user_approvals", new[] { "email" }, unique: true);
        migrationBuilder.CreateIndex("ix_pending_user_approvals_status", "pending_user_approvals", new[] { "status" });
        migrationBuilder.CreateIndex("ix_oauth_authorization_codes_client_id", "oauth_authorization_codes", new[] { "client_id" });
        migrationBuilder.CreateIndex("ix_oauth_refresh_tokens_family_id", "oauth_refresh_tokens", new[] { "family_id" });
        migrationBuilder.CreateIndex("ix_oauth_refresh_tokens_client_id", "oauth_refresh_tokens", new[] { "client_id" });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("oauth_signing_keys");
        migrationBuilder.DropTable("oauth_refresh_tokens");
        migrationBuilder.DropTable("oauth_authorization_codes");
        migrationBuilder.DropTable("oauth_clients");
        migrationBuilder.DropTable("pending_user_approvals");
        migrationBuilder.DropTable("sso_auth_sessions");
        migrationBuilder.DropTable("sso_providers");
        migrationBuilder.DropTable("token_revocations");
        migrationBuilder.DropTable("token_usage_logs");
        migrationBuilder.DropTable("email_api_tokens");
        migrationBuilder.DropTable("email_auth_events");
        migrationBuilder.DropTable("email_users");
    }

    /// <summary>A 64-bit key the database assigns: AUTOINCREMENT on SQLite, an identity column on PostgreSQL.</summary>
    private static OperationBuilder<AddColumnOperation> IdentityColumn(ColumnsBuilder table) =>
        table.Column<long>(nullable: false)
            .Annotation("Sqlite:Autoincrement", true)
            .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);
}
