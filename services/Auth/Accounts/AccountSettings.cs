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

    public static AccountSettings FromConfiguration(IConfiguration configuration) => new()
    {
        MaxFailedLoginAttempts = configuration.GetValue("MAX_FAILED_LOGIN_ATTEMPTS", 5) is var max and > 0 ? max
            : throw new InvalidOperationException("MAX_FAILED_LOGIN_ATTEMPTS must be at least 1."),
        LockoutDuration = TimeSpan.FromMinutes(configuration.GetValue("ACCOUNT_LOCKOUT_DURATION_MINUTES", 30)),
        PasswordMinLength = configuration.GetValue("PASSWORD_MIN_LENGTH", 8),
    };
}

/// <summary>Where a request came from, for the auth event log.</summary>
public sealed record RequestOrigin(string? IpAddress, string? UserAgent)
{
    public static RequestOrigin Of(HttpContext context) =>
        new(context.Connection.RemoteIpAddress?.ToString(), context.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent[..Math.Min(agent.Length, 512)] : null);
}
