using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Messaging;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.Accounts;

/// <summary>Why an account could not be created or changed; the message is safe to show the caller.</summary>
public class AccountRuleException(string message) : Exception(message);

/// <summary>The email address already has an account (a conflict rather than bad input).</summary>
public sealed class AccountExistsException(string email) : AccountRuleException($"An account for {email} already exists.");

/// <summary>Creates accounts: the user row, its `account_created` event and the `UserCreated` integration event, in one transaction.</summary>
public sealed class UserAccounts(AuthContext db, PasswordHasher<EmailUser> hasher, AccountSettings settings, TimeProvider time)
{
    /// <summary>Adds the account to the context and saves; throws <see cref="AccountRuleException"/> for bad input or a taken email.</summary>
    public async Task<EmailUser> CreateAsync(string email, string? password, string? fullName, bool isAdmin, string authProvider, RequestOrigin origin,
        CancellationToken cancellationToken = default)
    {
        email = ValidEmail(email);
        if (await db.Users.FindAsync([email], cancellationToken) is not null)
        {
            throw new AccountExistsException(email);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var user = new EmailUser
        {
            Email = email,
            FullName = string.IsNullOrWhiteSpace(fullName) ? null : fullName.Trim(),
            IsAdmin = isAdmin,
            AuthProvider = authProvider,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (password is not null)
        {
            SetPassword(user, password, now);
        }
        db.Users.Add(user);
        db.AuthEvents.Add(PasswordSignIn.Event(email, AuthEventTypes.AccountCreated, true, origin, now));
        db.AddIntegrationEvent(new UserCreated(user.Email, user.FullName, user.IsAdmin, user.AuthProvider) { OccurredAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request (or replica) created the same address between our check and our insert: the key says so.
            db.ChangeTracker.Clear();
            if (await db.Users.AsNoTracking().AnyAsync(u => u.Email == email, cancellationToken))
            {
                throw new AccountExistsException(email);
            }
            throw;
        }
        return user;
    }

    /// <summary>Sets a new password (checked against the rules) and clears any lockout; the caller saves.</summary>
    public void SetPassword(EmailUser user, string password, DateTime now)
    {
        if (password.Length < settings.PasswordMinLength)
        {
            throw new AccountRuleException($"The password must be at least {settings.PasswordMinLength} characters long.");
        }
        user.PasswordHash = hasher.HashPassword(user, password);
        user.PasswordChangedAt = now;
        user.FailedLoginAttempts = 0;
        user.LockedUntil = null;
        user.UpdatedAt = now;
    }

    /// <summary>The account key of a new account's address; throws when the address is refused (<see cref="EmailAddresses"/>).</summary>
    public static string ValidEmail(string? email) =>
        EmailAddresses.Problem(email ?? "") is { } problem ? throw new AccountRuleException(problem) : EmailAddresses.Normalize(email!);
}
