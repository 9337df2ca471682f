namespace McpGateway.Auth.Model;

/// <summary>
/// One entry of the security event log (`email_auth_events`). Not tied to an account by a foreign key:
/// failed logins name addresses that have no account, and the log outlives deleted accounts.
/// </summary>
public class AuthEvent
{
    public long Id { get; set; }
    public DateTime Timestamp { get; set; } = DateTime.UtcNow;
    public string? UserEmail { get; set; }
    /// <summary>One of <see cref="AuthEventTypes"/>.</summary>
    public string EventType { get; set; } = "";
    public bool Success { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
    public string? FailureReason { get; set; }
    /// <summary>Further facts about the event, as a JSON object.</summary>
    public string? Details { get; set; }
}

/// <summary>
/// The event types ContextForge logs. A string rather than an enum: the set grows with features, and old rows
/// must stay readable by code that does not know a newer type.
/// </summary>
public static class AuthEventTypes
{
    public const string LoginSuccess = "login_success";
    public const string LoginFailure = "login_failure";
    public const string Logout = "logout";
    public const string AccountLocked = "account_locked";
    public const string AccountCreated = "account_created";
    /// <summary>An administrator changed an account (name, admin rights, active state); details name the fields and who.</summary>
    public const string AccountUpdated = "account_updated";
    public const string AccountDeleted = "account_deleted";
    public const string PasswordChanged = "password_changed";
    public const string TokenIssued = "token_issued";
    public const string TokenRevoked = "token_revoked";
}
