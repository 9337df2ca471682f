using System.Threading.RateLimiting;
using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using Microsoft.AspNetCore.Identity;

namespace McpGateway.Auth.Accounts;

public enum SignInStatus
{
    Succeeded,
    /// <summary>Wrong email or password, unknown, inactive or locked account: one status, so a caller cannot tell which.</summary>
    Failed,
    /// <summary>Too many password checks are already running; try again shortly.</summary>
    Busy,
}

public sealed record SignInResult(SignInStatus Status, EmailUser? User = null);

/// <summary>
/// Checks an email and password: the one path every sign-in takes (the login API, the OAuth login page, HTTP Basic).
/// <list type="bullet">
/// <item>Failures all look alike and take as long: an unknown email still costs one hash verification.</item>
/// <item><see cref="AccountSettings.MaxFailedLoginAttempts"/> consecutive failures lock the account for a while.</item>
/// <item>PBKDF2 is slow by design, so at most half the cores verify passwords at once and only a short queue waits:
/// a flood of guesses gets <see cref="SignInStatus.Busy"/> instead of starving every other request of CPU.</item>
/// <item>Every attempt lands in the auth event log.</item>
/// </list>
/// </summary>
public sealed class PasswordSignIn(AuthContext db, PasswordHasher<EmailUser> hasher, AccountSettings settings, TimeProvider time, ILogger<PasswordSignIn> logger)
{
    private static readonly ConcurrencyLimiter HashingSlots = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = Math.Max(1, Environment.ProcessorCount / 2),
        QueueLimit = 16,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <summary>A real hash of a random password: verifying against it costs what verifying a real account does.</summary>
    private static readonly Lazy<string> DecoyHash = new(() => new PasswordHasher<EmailUser>().HashPassword(new EmailUser(), Guid.NewGuid().ToString()));

    public async Task<SignInResult> SignInAsync(string email, string password, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        email = EmailUser.NormalizeEmail(email);
        using var slot = await HashingSlots.AcquireAsync(1, cancellationToken);
        if (!slot.IsAcquired)
        {
            return new SignInResult(SignInStatus.Busy);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var user = await db.Users.FindAsync([email], cancellationToken);
        var verification = hasher.VerifyHashedPassword(user ?? new EmailUser(), user?.PasswordHash ?? DecoyHash.Value, password);

        var reason = user switch
        {
            null => "unknown account",
            { PasswordHash: null } => "account has no password",
            { IsActive: false } => "account disabled",
            { LockedUntil: { } until } when until > now => "account locked",
            _ when verification == PasswordVerificationResult.Failed => "wrong password",
            _ => null,
        };
        if (reason is not null)
        {
            await RecordFailureAsync(email, user, reason, origin, now, cancellationToken);
            return new SignInResult(SignInStatus.Failed);
        }

        if (verification == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user!.PasswordHash = hasher.HashPassword(user, password);
        }
        user!.FailedLoginAttempts = 0;
        user.LockedUntil = null;
        user.LastLoginAt = now;
        db.AuthEvents.Add(Event(email, AuthEventTypes.LoginSuccess, true, origin, now));
        await db.SaveChangesAsync(cancellationToken);
        return new SignInResult(SignInStatus.Succeeded, user);
    }

    private async Task RecordFailureAsync(string email, EmailUser? user, string reason, RequestOrigin origin, DateTime now, CancellationToken cancellationToken)
    {
        db.AuthEvents.Add(Event(email, AuthEventTypes.LoginFailure, false, origin, now, reason));
        if (user is not null && reason == "wrong password")
        {
            user.FailedLoginAttempts++;
            if (user.FailedLoginAttempts >= settings.MaxFailedLoginAttempts)
            {
                user.LockedUntil = now + settings.LockoutDuration;
                db.AuthEvents.Add(Event(email, AuthEventTypes.AccountLocked, false, origin, now,
                    $"{user.FailedLoginAttempts} consecutive failed logins; locked until {user.LockedUntil:O}"));
                logger.LogWarning("Account {Email} locked after {Attempts} consecutive failed logins", email, user.FailedLoginAttempts);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    internal static AuthEvent Event(string? email, string type, bool success, RequestOrigin origin, DateTime now, string? failureReason = null) => new()
    {
        Timestamp = now,
        UserEmail = email,
        EventType = type,
        Success = success,
        IpAddress = origin.IpAddress,
        UserAgent = origin.UserAgent,
        FailureReason = failureReason,
    };
}
