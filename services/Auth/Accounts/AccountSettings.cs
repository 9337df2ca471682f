namespace McpGateway.Auth.Accounts;

/// <summary>Account rules, from ContextForge's variable names.</summary>
public sealed record AccountSettings
{
    /// <summary>Consecutive failed logins that lock an account (`MAX_FAILED_LOGIN_ATTEMPTS`, default 5).</summary>
    public int MaxFailedLoginAttempts { get; init; } = 5;

    /// <summary>How long a locked account stays locked (`ACCOUNT_LOCKOUT_DURATION_MINUTES`, default 30).</summary>
    public TimeSpan LockoutDuration { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>`PASSWORD_MIN_LENGTH`, default 8.</summary>
    public int PasswordMinLength { get; init; } = 8;

    /// <summary>
    /// `EMAIL_AUTH_ENABLED` (default true): whether accounts may sign in with an email and password at all
    /// (`/auth/email/login`, `/auth/email/register`, HTTP Basic with an email). When false, only SSO and the configured
    /// BASIC_AUTH_USER pair remain, and the platform admin is created without a password.
    /// </summary>
    public bool EmailAuthEnabled { get; init; } = true;

    /// <summary>`PUBLIC_REGISTRATION_ENABLED` (default false): whether anyone may create an account with `/auth/email/register`.</summary>
    public bool PublicRegistrationEnabled { get; init; }

    public static AccountSettings FromConfiguration(IConfiguration configuration) => new()
    {
        MaxFailedLoginAttempts = configuration.GetValue("MAX_FAILED_LOGIN_ATTEMPTS", 5) is var max and > 0 ? max
            : throw new InvalidOperationException("MAX_FAILED_LOGIN_ATTEMPTS must be at least 1."),
        LockoutDuration = TimeSpan.FromMinutes(configuration.GetValue("ACCOUNT_LOCKOUT_DURATION_MINUTES", 30)),
        PasswordMinLength = configuration.GetValue("PASSWORD_MIN_LENGTH", 8),
        EmailAuthEnabled = Boolean(configuration, "EMAIL_AUTH_ENABLED", true),
        PublicRegistrationEnabled = Boolean(configuration, "PUBLIC_REGISTRATION_ENABLED", false),
    };

    /// <summary>A boolean setting in any of the spellings ContextForge's (pydantic) settings accept; anything else stops start-up.</summary>
    public static bool Boolean(IConfiguration configuration, string key, bool fallback) =>
        configuration[key]?.Trim().ToLowerInvariant() switch
        {
            null or "" => fallback,
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            var text => throw new InvalidOperationException($"{key} must be true or false, not '{text}'."),
        };
}

/// <summary>Where a request came from, for the auth event log.</summary>
public sealed record RequestOrigin(string? IpAddress, string? UserAgent)
{
    public static RequestOrigin Of(HttpContext context) =>
        new(context.Connection.RemoteIpAddress?.ToString(), context.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent[..Math.Min(agent.Length, 512)] : null);
}
