namespace McpGateway.Auth.Model;

/// <summary>A user account, keyed by its email address (ContextForge's `email_users`).</summary>
public class EmailUser
{
    /// <summary>How an account that signs in with a password is marked in <see cref="AuthProvider"/>.</summary>
    public const string LocalProvider = "local";

    /// <summary>The key, always stored as <see cref="NormalizeEmail"/> returns it, so one address is one account.</summary>
    public string Email { get; set; } = "";
    /// <summary>ASP.NET Core's PasswordHasher (PBKDF2) output; null for an account that only signs in through SSO.</summary>
    public string? PasswordHash { get; set; }
    public string? FullName { get; set; }
    /// <summary>A platform administrator: every permission, in every team.</summary>
    public bool IsAdmin { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime? EmailVerifiedAt { get; set; }
    /// <summary>`local`, or the id of the SSO provider the account came from (`github`, `google`, an OIDC provider's id).</summary>
    public string AuthProvider { get; set; } = LocalProvider;
    public int FailedLoginAttempts { get; set; }
    public DateTime? LockedUntil { get; set; }
    public DateTime? LastLoginAt { get; set; }
    public DateTime? PasswordChangedAt { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;

    /// <summary>The account key of an address (<see cref="Accounts.EmailAddresses.Normalize"/>).</summary>
    public static string NormalizeEmail(string email) => Accounts.EmailAddresses.Normalize(email);
}
