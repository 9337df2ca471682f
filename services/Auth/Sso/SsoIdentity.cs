namespace McpGateway.Auth.Sso;

/// <summary>Who the upstream says signed in: what the account rules (<see cref="SsoAccounts"/>) decide on.</summary>
public sealed record SsoIdentity(
    string Subject,
    string? Email,
    bool EmailVerified,
    string? Name,
    IReadOnlyList<string> Groups,
    string? HostedDomain = null);

/// <summary>
/// A sign-in the gateway refuses. <see cref="Reason"/> goes to the auth event log; <see cref="Message"/> is safe to show the
/// person signing in (it never says more than they already know).
/// </summary>
public sealed class SsoRefusedException(string reason, string message, string? email = null, int statusCode = StatusCodes.Status403Forbidden)
    : Exception(message)
{
    public string Reason { get; } = reason;
    public string? Email { get; } = email;
    public int StatusCode { get; } = statusCode;
}
