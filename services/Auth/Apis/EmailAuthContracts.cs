using McpGateway.Auth.Model;

namespace McpGateway.Auth.Apis;

// The JSON shapes of /auth/email (snake_case on the wire, ContextForge's field names).
// Request fields are nullable so a missing one is answered with a 400 naming it, never a 500.

public sealed record LoginRequest(string? Email, string? Password);

public sealed record RegisterRequest(string? Email, string? Password, string? FullName);

public sealed record ChangePasswordRequest(string? OldPassword, string? NewPassword);

public sealed record CreateUserRequest(string? Email, string? Password, string? FullName, bool? IsAdmin);

/// <summary>Only the fields present change; `password` resets the password and lifts any lockout.</summary>
public sealed record UpdateUserRequest(string? FullName, bool? IsAdmin, bool? IsActive, string? Password);

public sealed record UserResponse(string Email, string? FullName, bool IsAdmin, bool IsActive, string AuthProvider, DateTime CreatedAt, DateTime? LastLoginAt)
{
    public static UserResponse From(EmailUser user) =>
        new(user.Email, user.FullName, user.IsAdmin, user.IsActive, user.AuthProvider, user.CreatedAt, user.LastLoginAt);
}

/// <summary>What login and registration return: a bearer access token and the account it is for.</summary>
public sealed record AuthenticationResponse(string AccessToken, string TokenType, int ExpiresIn, UserResponse User);

public sealed record UserListResponse(List<UserResponse> Users, int TotalCount, int Skip, int Limit);

public sealed record SuccessResponse(bool Success, string Message);

public sealed record AuthEventResponse(
    long Id, DateTime Timestamp, string? UserEmail, string EventType, bool Success, string? IpAddress, string? UserAgent, string? FailureReason, string? Details)
{
    public static AuthEventResponse From(AuthEvent e) =>
        new(e.Id, e.Timestamp, e.UserEmail, e.EventType, e.Success, e.IpAddress, e.UserAgent, e.FailureReason, e.Details);
}
