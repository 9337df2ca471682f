using System.Data;
using System.Data.Common;
using System.Text.Json;
using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using McpGateway.Auth.Tokens;
using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Messaging;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace McpGateway.Auth.Accounts;

/// <summary>A change an administrator asks for that would break a rule about administrators; the message says which.</summary>
public sealed class AdministratorRuleException(string message) : Exception(message);

/// <summary>What an administrator changes on an account; null leaves a field as it is.</summary>
public sealed record UserChanges(string? FullName, bool? IsAdmin, bool? IsActive, string? Password);

/// <summary>
/// Changes and deletes accounts on an administrator's behalf, keeping two rules:
/// <list type="bullet">
/// <item>an administrator cannot delete, demote or deactivate themselves (someone else must, so nobody locks themselves out by mistake);</item>
/// <item>the last active platform administrator cannot be deleted, demoted or deactivated.</item>
/// </list>
/// Changes that could remove an administrator run in a serializable transaction, so two administrators demoting each
/// other at the same moment cannot leave none: one of them waits (SQLite) or fails and is told to retry (PostgreSQL).
/// API tokens that carry rights the account no longer has are revoked with the change.
/// </summary>
public sealed class UserAdministration(AuthContext db, UserAccounts accounts, ApiTokens apiTokens, IOpenIddictTokenManager oauthTokens, TimeProvider time)
{
    /// <summary>The changed account, or null when there is none with that email.</summary>
    public async Task<EmailUser?> UpdateAsync(string email, UserChanges changes, string actingAdmin, RequestOrigin origin, CancellationToken cancellationToken)
    {
        email = EmailUser.NormalizeEmail(email);
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var user = await db.Users.FindAsync([email], cancellationToken);
        if (user is null)
        {
            return null;
        }
        var wasAdmin = user.IsAdmin;
        var losesAdmin = user is { IsAdmin: true, IsActive: true } && (changes.IsAdmin == false || changes.IsActive == false);
        if (losesAdmin)
        {
            await EnsureMayRemoveAdministratorAsync(user, actingAdmin, changes.IsActive == false ? "deactivate" : "demote", cancellationToken);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var changed = new List<string>();
        if (changes.FullName is { } fullName && fullName.Trim() != user.FullName)
        {
            user.FullName = fullName.Trim() is { Length: > 0 } trimmed ? trimmed : null;
            changed.Add("full_name");
        }
        if (changes.IsAdmin is { } isAdmin && isAdmin != user.IsAdmin)
        {
            user.IsAdmin = isAdmin;
            changed.Add("is_admin");
        }
        if (changes.IsActive is { } isActive && isActive != user.IsActive)
        {
            user.IsActive = isActive;
            changed.Add("is_active");
        }
        if (changes.Password is { } password)
        {
            accounts.SetPassword(user, password, now); // also lifts a lockout
            var reset = PasswordSignIn.Event(email, AuthEventTypes.PasswordChanged, true, origin, now);
            reset.Details = JsonSerializer.Serialize(new { by = actingAdmin });
            db.AuthEvents.Add(reset);
        }
        if (changed.Count > 0)
        {
            user.UpdatedAt = now;
            PublishChanges(user, changed, now);
            var updated = PasswordSignIn.Event(email, AuthEventTypes.AccountUpdated, true, origin, now);
            updated.Details = JsonSerializer.Serialize(new { by = actingAdmin, fields = changed });
            db.AuthEvents.Add(updated);
        }

        // An API token carries is_admin from when it was issued: a demoted administrator's must not keep it.
        var revoked = wasAdmin && !user.IsAdmin
            ? await StageRevocationsAsync(email, actingAdmin, "owner is no longer a platform administrator", origin, cancellationToken)
            : [];
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        revoked.ForEach(apiTokens.DenyNow);
        if (changed.Contains("is_active") && !user.IsActive)
        {
            // Its OAuth grants end too: refresh tokens refused, access tokens on every service's deny-list.
            await oauthTokens.RevokeBySubjectAsync(email, cancellationToken);
        }
        return user;
    }

    /// <summary>
    /// Follows the global `platform_admin` role granted or revoked at the teams service (its RBAC API), so the account's
    /// flag, the `is_admin` claim of its next tokens and the auth service's own admin API agree with the policy every
    /// other service applies. Runs in the caller's transaction (a consumer's). The last active administrator keeps the
    /// flag (logged by the caller: false), as an administrator's own demotion here would.
    /// </summary>
    public async Task<bool> FollowPlatformAdminRoleAsync(string email, bool isAdmin, CancellationToken cancellationToken)
    {
        email = EmailUser.NormalizeEmail(email);
        if (await db.Users.FindAsync([email], cancellationToken) is not { } user || user.IsAdmin == isAdmin)
        {
            return true;
        }
        if (!isAdmin && user.IsActive && !await db.Users.AnyAsync(u => u.IsAdmin && u.IsActive && u.Email != email, cancellationToken))
        {
            return false;
        }

        const string actor = "teams (platform_admin role)";
        var now = time.GetUtcNow().UtcDateTime;
        user.IsAdmin = isAdmin;
        user.UpdatedAt = now;
        PublishChanges(user, ["is_admin"], now);
        var updated = PasswordSignIn.Event(email, AuthEventTypes.AccountUpdated, true, new RequestOrigin(null, null), now);
        updated.Details = JsonSerializer.Serialize(new { by = actor, fields = new[] { "is_admin" } });
        db.AuthEvents.Add(updated);
        if (!isAdmin)
        {
            // Its API tokens carry is_admin; their revocations reach every deny-list when the consumer commits.
            await StageRevocationsAsync(email, actor, "owner is no longer a platform administrator", new RequestOrigin(null, null), cancellationToken);
        }
        return true;
    }

    /// <summary>Deletes the account and revokes its API tokens; false when there is none with that email.</summary>
    public async Task<bool> DeleteAsync(string email, string actingAdmin, RequestOrigin origin, CancellationToken cancellationToken)
    {
        email = EmailUser.NormalizeEmail(email);
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var user = await db.Users.FindAsync([email], cancellationToken);
        if (user is null)
        {
            return false;
        }
        if (email == actingAdmin)
        {
            throw new AdministratorRuleException("You cannot delete your own account; ask another administrator.");
        }
        if (user is { IsAdmin: true, IsActive: true })
        {
            await EnsureMayRemoveAdministratorAsync(user, actingAdmin, "delete", cancellationToken);
        }

        var revoked = await StageRevocationsAsync(email, actingAdmin, "owner account deleted", origin, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var deleted = PasswordSignIn.Event(email, AuthEventTypes.AccountDeleted, true, origin, now);
        deleted.Details = JsonSerializer.Serialize(new { by = actingAdmin });
        db.AuthEvents.Add(deleted);
        db.Users.Remove(user); // its API token rows go with it (cascade); revocations and usage logs stay
        // Every service refuses the user's tokens issued until now and forgets the user.
        db.AddIntegrationEvent(new UserDeleted(email) { OccurredAt = now });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        revoked.ForEach(apiTokens.DenyNow);
        await oauthTokens.RevokeBySubjectAsync(email, cancellationToken);
        return true;
    }

    /// <summary>Announces the changed fields to the other services, in the transaction that changes them.</summary>
    private void PublishChanges(EmailUser user, List<string> changed, DateTime now)
    {
        if (changed.Contains("full_name") || changed.Contains("is_admin"))
        {
            db.AddIntegrationEvent(new UserUpdated(user.Email, user.FullName, user.IsAdmin) { OccurredAt = now });
        }
        if (changed.Contains("is_active"))
        {
            // Deactivated: every service refuses the tokens issued until now; reactivated: new tokens are accepted again.
            db.AddIntegrationEvent<IntegrationEvent>(user.IsActive
                ? new UserReactivated(user.Email) { OccurredAt = now }
                : new UserDeactivated(user.Email) { OccurredAt = now });
        }
    }

    /// <summary>True when <paramref name="exception"/> is a serializable transaction that lost a race (SQLSTATE 40001).</summary>
    public static bool IsConcurrentChange(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException { SqlState: "40001" })
            {
                return true;
            }
        }
        return false;
    }

    private async Task EnsureMayRemoveAdministratorAsync(EmailUser user, string actingAdmin, string action, CancellationToken cancellationToken)
    {
        if (user.Email == actingAdmin)
        {
            throw new AdministratorRuleException($"You cannot {action} yourself; ask another administrator.");
        }
        if (!await db.Users.AnyAsync(u => u.IsAdmin && u.IsActive && u.Email != user.Email, cancellationToken))
        {
            throw new AdministratorRuleException(
                $"{user.Email} is the last active platform administrator and cannot be {action}d; make another account an administrator first.");
        }
    }

    private async Task<List<ApiToken>> StageRevocationsAsync(string email, string actingAdmin, string reason, RequestOrigin origin, CancellationToken cancellationToken)
    {
        var tokens = await db.ApiTokens.Where(t => t.UserEmail == email && t.IsActive).ToListAsync(cancellationToken);
        foreach (var token in tokens)
        {
            apiTokens.StageRevocation(token, actingAdmin, reason, origin);
        }
        return tokens;
    }
}
