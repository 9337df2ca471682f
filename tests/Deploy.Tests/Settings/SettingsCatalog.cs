namespace McpGateway.Deploy.Tests.Settings;

/// <summary>
/// THE list of environment variables the product reads, with who reads each and what Kubernetes must give whom.
/// Tests hold it against both sides: every key the sources read is here, with exactly the readers whose sources read it
/// (SettingsCatalogTests), and every variable a rendered pod gets is here for that pod, required ones present, secret
/// ones by secretKeyRef (ConfigurationTests). A new setting in the code fails the first until it is added here; a
/// variable in a manifest that nothing reads fails the second.
/// </summary>
public static class SettingsCatalog
{
    private const Readers Database = Readers.Services | Readers.Migrate;
    /// <summary>The processes that serve or route the APIs: all but the admin UI, which calls them through the gateway.</summary>
    private const Readers ApiProcesses = Readers.Gateway | Readers.Services;
    private const string DownstreamAddress = "$\"services:{name}:http:{index}\"";
    private const string DownstreamHttpsAddress = "$\"services:{name}:https:{index}\"";

    public static readonly IReadOnlyList<Setting> All =
    [
        // Every process (ServiceDefaults).
        new("LOG_FORMAT", Readers.All),
        new("LOG_LEVEL", Readers.All),
        // Every process reads it (ServiceDefaults); the gateway then replaces it with GATEWAY_FORWARDED_ALLOW_IPS.
        new("FORWARDED_ALLOW_IPS", Readers.All, RequiredBy: Readers.Services),
        new("OTEL_EXPORTER_OTLP_ENDPOINT", Readers.All),
        new("OTEL_SERVICE_NAME", Readers.All, RequiredBy: Readers.All),
        new("OTEL_EXPORTER_OTLP_PROTOCOL", Readers.All, Framework: "the OpenTelemetry SDK's OTLP exporter"),
        new("OTEL_EXPORTER_OTLP_HEADERS", Readers.All, Secret: true, Framework: "the OpenTelemetry SDK's OTLP exporter"),
        new("OTEL_RESOURCE_ATTRIBUTES", Readers.All, Framework: "the OpenTelemetry SDK"),
        new("ASPNETCORE_ENVIRONMENT", Readers.All, Framework: "ASP.NET Core hosting"),
        // Where token validation fetches keys (ServiceDefaults/Authentication), and the gateway's routes.
        new("services__auth__http__0", ApiProcesses, RequiredBy: ApiProcesses, Evidence: ["\"services:auth:http:0\"", DownstreamAddress]),
        new("services__auth__https__0", ApiProcesses, Evidence: ["\"services:auth:https:0\"", DownstreamHttpsAddress]),

        // The gateway.
        new("HOST", Readers.Gateway, RequiredBy: Readers.Gateway),
        new("PORT", Readers.Gateway, RequiredBy: Readers.Gateway),
        new("PROXY_TIMEOUT_SECONDS", Readers.Gateway),
        new("PROXY_STREAM_TIMEOUT_SECONDS", Readers.Gateway),
        // The edge's trusted proxies (the ingress controller); unset, the gateway trusts no one.
        new("GATEWAY_FORWARDED_ALLOW_IPS", Readers.Gateway, RequiredBy: Readers.Gateway, Evidence: ["ForwardedHeaders.GatewaySetting"]),
        new("services__teams__http__0", Readers.Gateway, RequiredBy: Readers.Gateway, Evidence: [DownstreamAddress]),
        new("services__catalog__http__0", Readers.Gateway, RequiredBy: Readers.Gateway, Evidence: [DownstreamAddress]),
        new("services__teams__https__0", Readers.Gateway, Evidence: [DownstreamHttpsAddress]),
        new("services__catalog__https__0", Readers.Gateway, Evidence: [DownstreamHttpsAddress]),
        // The admin UI's address: optional, without it the gateway has no /admin route.
        new("services__admin__http__0", Readers.Gateway, Evidence: [DownstreamAddress]),
        new("services__admin__https__0", Readers.Gateway, Evidence: [DownstreamHttpsAddress]),

        // Every service: its database (ServiceDefaults/Data), also read by `<service> migrate`.
        new("DATABASE_URL", Database, RequiredBy: Database, Secret: true),
        new("ConnectionStrings__{service}db", Database, Secret: true, Evidence: ["$\"{serviceName}db\""]),
        new("MCPGATEWAY_HOME", Database | Readers.Admin),
        new("MIGRATE_ON_STARTUP", Readers.Services, RequiredBy: Readers.Services),
        new("ASPNETCORE_HTTP_PORTS", Readers.Services | Readers.Admin, RequiredBy: Readers.Services | Readers.Admin,
            Framework: "ASP.NET Core (Kestrel); the gateway listens at HOST:PORT instead"),
        // Messaging (ServiceDefaults/Messaging): Kubernetes always uses RabbitMQ, the local bus needs a shared disk.
        new("ConnectionStrings__rabbitmq", Readers.Services, RequiredBy: Readers.Services, Secret: true, Evidence: ["GetConnectionString(\"rabbitmq\")"]),
        new("MESSAGING_POLL_SECONDS", Readers.Services),
        new("MESSAGING_LEASE_SECONDS", Readers.Services),
        new("MESSAGING_MAX_ATTEMPTS", Readers.Services),
        new("MESSAGING_RETRY_SECONDS", Readers.Services),
        new("MESSAGING_DENY_LIST_RELOAD_SECONDS", Readers.Services),
        new("MESSAGING_POLICY_CATCH_UP_SECONDS", Readers.Services),
        new("MESSAGING_RETENTION_HOURS", Readers.Services),
        new("MESSAGING_INBOX_RETENTION_DAYS", Readers.Services),
        // Token validation (ServiceDefaults/Authentication).
        // The public origin: the issuer the services check, and the admin UI's OpenID provider.
        new("APP_DOMAIN", Readers.Services | Readers.Admin, RequiredBy: Readers.Services | Readers.Admin),
        new("JWT_ISSUER", Readers.Services | Readers.Admin),
        new("JWT_AUDIENCE", Readers.Services),
        new("REQUIRE_JTI", Readers.Services),
        new("JWKS_REFRESH_INTERVAL_SECONDS", Readers.Services),
        new("JWKS_CACHE_MINUTES", Readers.Services),
        new("API_ALLOW_BASIC_AUTH", Readers.Services),
        new("BASIC_AUTH_USER", Readers.Services, Secret: true),
        new("BASIC_AUTH_PASSWORD", Readers.Services, Secret: true),
        new("PLATFORM_ADMIN_EMAIL", Readers.Services),
        // Login lockout and rate limits: the auth service's logins and every service's HTTP Basic (ServiceDefaults/Authentication).
        new("MAX_FAILED_LOGIN_ATTEMPTS", Readers.Services),
        new("ACCOUNT_LOCKOUT_DURATION_MINUTES", Readers.Services),
        new("LOGIN_RATE_LIMIT_PER_MINUTE", Readers.Services),
        new("LOGIN_RATE_LIMIT_GLOBAL_PER_MINUTE", Readers.Services),

        // Secrets at rest (ServiceDefaults/Data): auth's signing keys, catalog's upstream credentials; every replica the same.
        new("AUTH_ENCRYPTION_SECRET", Readers.Services, RequiredBy: Readers.Auth | Readers.Catalog, Secret: true),

        // The auth service.
        new("OAUTH_REGISTRATION_TOKEN", Readers.Auth, Secret: true),
        new("OAUTH_CLIENT_METADATA_DOCUMENTS_ENABLED", Readers.Auth),
        new("OAUTH_CLIENT_METADATA_DOCUMENTS_ALLOW_PRIVATE_ADDRESSES", Readers.Auth),
        new("PLATFORM_ADMIN_PASSWORD", Readers.Auth, Secret: true),
        new("PLATFORM_ADMIN_FULL_NAME", Readers.Auth),
        new("JWT_ALGORITHM", Readers.Auth),
        new("TOKEN_EXPIRY", Readers.Auth),
        new("REFRESH_TOKEN_EXPIRY_DAYS", Readers.Auth),
        new("JWT_KEY_ROTATION_DAYS", Readers.Auth),
        new("PASSWORD_MIN_LENGTH", Readers.Auth),
        new("EMAIL_AUTH_ENABLED", Readers.Auth),
        new("PUBLIC_REGISTRATION_ENABLED", Readers.Auth),
        new("OAUTH_TOKEN_RATE_LIMIT_PER_MINUTE", Readers.Auth),
        // The admin UI's first-party client, registered by the auth service at start-up, used by the admin UI.
        new("ADMIN_UI_CLIENT_ID", Readers.Auth | Readers.Admin),
        new("ADMIN_UI_CLIENT_SECRET", Readers.Auth | Readers.Admin, Secret: true),
        new("OAUTH_REGISTRATION_RATE_LIMIT_PER_MINUTE", Readers.Auth),

        // SSO (the auth service): ContextForge's names.
        new("SSO_ENABLED", Readers.Auth),
        new("SSO_AUTO_CREATE_USERS", Readers.Auth),
        new("SSO_TRUSTED_DOMAINS", Readers.Auth),
        new("SSO_AUTO_ADMIN_DOMAINS", Readers.Auth),
        new("SSO_REQUIRE_ADMIN_APPROVAL", Readers.Auth),
        new("SSO_PENDING_APPROVAL_DAYS", Readers.Auth),
        new("SSO_GITHUB_ENABLED", Readers.Auth),
        new("SSO_GITHUB_CLIENT_ID", Readers.Auth),
        new("SSO_GITHUB_CLIENT_SECRET", Readers.Auth, Secret: true),
        new("GITHUB_CLIENT_ID", Readers.Auth),
        new("GITHUB_CLIENT_SECRET", Readers.Auth, Secret: true),
        new("SSO_GITHUB_ADMIN_ORGS", Readers.Auth),
        new("SSO_GITHUB_TEAM_MAPPING", Readers.Auth),
        new("GITHUB_BASE_URL", Readers.Auth),
        new("GITHUB_API_URL", Readers.Auth),
        new("SSO_GOOGLE_ENABLED", Readers.Auth),
        new("SSO_GOOGLE_CLIENT_ID", Readers.Auth),
        new("SSO_GOOGLE_CLIENT_SECRET", Readers.Auth, Secret: true),
        new("GOOGLE_CLIENT_ID", Readers.Auth),
        new("GOOGLE_CLIENT_SECRET", Readers.Auth, Secret: true),
        new("SSO_GOOGLE_ADMIN_DOMAINS", Readers.Auth),
        new("SSO_GOOGLE_TEAM_MAPPING", Readers.Auth),
        new("SSO_GOOGLE_ISSUER", Readers.Auth),
        new("SSO_GENERIC_ENABLED", Readers.Auth),
        new("SSO_GENERIC_PROVIDER_ID", Readers.Auth),
        new("SSO_GENERIC_DISPLAY_NAME", Readers.Auth),
        new("SSO_GENERIC_CLIENT_ID", Readers.Auth),
        new("SSO_GENERIC_CLIENT_SECRET", Readers.Auth, Secret: true),
        new("SSO_GENERIC_ISSUER", Readers.Auth),
        new("SSO_GENERIC_AUTHORIZATION_URL", Readers.Auth),
        new("SSO_GENERIC_TOKEN_URL", Readers.Auth),
        new("SSO_GENERIC_USERINFO_URL", Readers.Auth),
        new("SSO_GENERIC_JWKS_URI", Readers.Auth),
        new("SSO_GENERIC_SCOPE", Readers.Auth),
        new("SSO_GENERIC_TEAM_MAPPING", Readers.Auth),

        // The admin UI: where it calls the APIs (the gateway), where it keeps its cookie's key ring (a volume).
        new("ADMIN_API_URL", Readers.Admin, RequiredBy: Readers.Admin),
        new("ADMIN_UI_KEYS_DIR", Readers.Admin, RequiredBy: Readers.Admin),

        // The teams service.
        new("AUTO_CREATE_PERSONAL_TEAMS", Readers.Teams),
        new("PERSONAL_TEAM_PREFIX", Readers.Teams),
        new("MAX_TEAMS_PER_USER", Readers.Teams),
        new("MAX_MEMBERS_PER_TEAM", Readers.Teams),
        new("INVITATION_EXPIRY_DAYS", Readers.Teams),
        new("JOIN_REQUEST_EXPIRY_DAYS", Readers.Teams),

        // The catalog service: the server catalog, federation, the MCP endpoints.
        new("MCPGATEWAY_CATALOG_ENABLED", Readers.Catalog),
        new("MCPGATEWAY_CATALOG_FILE", Readers.Catalog),
        new("MCPGATEWAY_CATALOG", Readers.Catalog),
        new("MCPGATEWAY_CATALOG_CACHE_TTL", Readers.Catalog),
        new("GATEWAY_TOOL_NAME_SEPARATOR", Readers.Catalog),
        new("HEALTH_CHECK_INTERVAL", Readers.Catalog),
        new("HEALTH_CHECK_TIMEOUT", Readers.Catalog),
        new("UNHEALTHY_THRESHOLD", Readers.Catalog),
        new("FEDERATION_TIMEOUT", Readers.Catalog),
        new("CATALOG_CACHE_POLL_SECONDS", Readers.Catalog),
        new("CATALOG_CACHE_TTL_SECONDS", Readers.Catalog),
        new("ALLOWED_ORIGINS", Readers.Catalog),
        new("MCP_SESSION_TTL_HOURS", Readers.Catalog),
        new("METRICS_FLUSH_INTERVAL_SECONDS", Readers.Catalog),
    ];

    /// <summary>
    /// UPPER_SNAKE string literals in the sources that are not settings (error codes, claim names...), so the scan for
    /// settings passes them by. Empty today.
    /// </summary>
    public static readonly IReadOnlySet<string> NotSettings = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The setting a pod of <paramref name="service"/> sets as <paramref name="variable"/>, if any.</summary>
    public static Setting? Find(string variable, string service) =>
        All.FirstOrDefault(s => s.NameFor(service) == variable);
}
