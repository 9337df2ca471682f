using System.Text.Json;
using McpGateway.Auth.Accounts;
using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Messaging;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.Sso;

/// <summary>The event types of SSO beyond `login_success`/`login_failure` (which SSO sign-ins also write, with the provider in details).</summary>
public static class SsoEventTypes
{
    public const string AccountLinked = "sso_account_linked";
    public const string ApprovalRequested = "sso_approval_requested";
    public const string ApprovalApproved = "sso_approval_approved";
    public const string ApprovalRejected = "sso_approval_rejected";
    public const string ApprovalExpired = "sso_approval_expired";
}

/// <summary>The result of an upstream sign-in: signed in as <see cref="User"/>, or waiting for an administrator.</summary>
public sealed record SsoSignInOutcome(EmailUser? User, PendingUserApproval? Pending);

/// <summary>
/// Who an upstream identity is here. The rules, in order, each refusal logged with its reason:
/// <list type="number">
/// <item>an email the provider vouches for (`email_verified`; GitHub: the primary verified address) - never an unverified
/// one, neither to create an account nor to link to an existing one (anyone can claim an address at some providers);</item>
/// <item>its domain among SSO_TRUSTED_DOMAINS and the provider's trusted domains, when either names any;</item>
/// <item>an existing account with that address signs in (linked, if it came from elsewhere) unless it is deactivated;</item>
/// <item>otherwise a new account, when SSO_AUTO_CREATE_USERS allows, after an administrator's approval when
/// SSO_REQUIRE_ADMIN_APPROVAL says so; `UserCreated` follows (teams then creates the personal team).</item>
/// </list>
/// SSO_AUTO_ADMIN_DOMAINS, SSO_GITHUB_ADMIN_ORGS and SSO_GOOGLE_ADMIN_DOMAINS make platform administrators (never unmake them).
/// </summary>
public sealed class SsoAccounts(AuthContext db, UserAccounts accounts, SsoSettings settings, TimeProvider time)
{
    public async Task<SsoSignInOutcome> SignInAsync(SsoProvider provider, SsoIdentity identity, RequestOrigin origin, CancellationToken cancellationToken)
    {
        var email = identity.Email is { Length: > 0 } address ? EmailUser.NormalizeEmail(address) : null;
        try
        {
            return await DecideAsync(provider, identity, email, origin, cancellationToken);
        }
        catch (SsoRefusedException e)
        {
            await RecordRefusalAsync(provider, e.Email ?? email, e.Reason, origin, cancellationToken);
            throw;
        }
    }

    /// <summary>A refused sign-in in the auth event log (also for refusals before the identity is known: bad state, bad id_token).</summary>
    public async Task RecordRefusalAsync(SsoProvider provider, string? email, string reason, RequestOrigin origin, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        db.AuthEvents.Add(Event(provider, email, AuthEventTypes.LoginFailure, false, origin, reason));
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<SsoSignInOutcome> DecideAsync(SsoProvider provider, SsoIdentity identity, string? email, RequestOrigin origin,
        CancellationToken cancellationToken)
    {
        if (email is null)
        {
            throw new SsoRefusedException("no email from the provider", "The sign-in provider did not share your email address.");
        }
        if (!identity.EmailVerified)
        {
            throw new SsoRefusedException("email not verified by the provider",
                "The sign-in provider has not verified your email address. Verify it there, then sign in again.", email);
        }
        var domain = email[(email.LastIndexOf('@') + 1)..];
        var trusted = settings.TrustedDomains.Concat(provider.TrustedDomains.Select(d => d.ToLowerInvariant())).ToList();
        if (trusted.Count > 0 && !trusted.Contains(domain))
        {
            throw new SsoRefusedException($"domain {domain} is not trusted", "Accounts of your email domain may not sign in here.", email);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var admin = IsAdmin(provider, identity, domain);
        var user = await db.Users.FindAsync([email], cancellationToken);
        if (user is not null)
        {
            if (!user.IsActive)
            {
                throw new SsoRefusedException("account disabled", "This account is disabled.", email);
            }
            if (user.AuthProvider != provider.Id)
            {
                db.AuthEvents.Add(Event(provider, email, SsoEventTypes.AccountLinked, true, origin, details: new() { ["account_provider"] = user.AuthProvider }));
            }
            if (admin && !user.IsAdmin)
            {
                user.IsAdmin = true;
                user.UpdatedAt = now;
                db.AddIntegrationEvent(new UserUpdated(user.Email, user.FullName, user.IsAdmin) { OccurredAt = now });
            }
            return new SsoSignInOutcome(await SignedInAsync(provider, identity, user, origin, now, cancellationToken), null);
        }

        if (!settings.AutoCreateUsers || !provider.AutoCreateUsers)
        {
            throw new SsoRefusedException("no account, and SSO_AUTO_CREATE_USERS is off", "There is no account for your email address here.", email);
        }
        if (settings.RequireAdminApproval && await ApprovalAsync(provider, identity, email, origin, now, cancellationToken) is { } pending)
        {
            return new SsoSignInOutcome(null, pending);
        }
        try
        {
            user = await accounts.CreateAsync(email, password: null, identity.Name, admin, provider.Id, origin, cancellationToken);
        }
        catch (AccountExistsException)
        {
            // The same person's other tab (or another replica) created it a moment ago.
            db.ChangeTracker.Clear();
            user = await db.Users.FindAsync([email], cancellationToken) ?? throw new InvalidOperationException("The account vanished after it was created.");
        }
        catch (AccountRuleException e)
        {
            throw new SsoRefusedException($"email refused: {e.Message}", "Your email address cannot be used for an account here.", email);
        }
        return new SsoSignInOutcome(await SignedInAsync(provider, identity, user, origin, now, cancellationToken), null);
    }

    /// <summary>
    /// Null once an administrator has approved; otherwise the (new or still open) request. A rejection refuses. A request
    /// past its expiry is never renewed in place: it is marked `expired` (an `sso_approval_expired` event) and replaced by
    /// a fresh one with a new id, so an administrator never approves, unknowingly, a request older than they were told.
    /// </summary>
    private async Task<PendingUserApproval?> ApprovalAsync(SsoProvider provider, SsoIdentity identity, string email, RequestOrigin origin, DateTime now,
        CancellationToken cancellationToken)
    {
        var approval = await db.PendingUserApprovals.SingleOrDefaultAsync(a => a.Email == email, cancellationToken);
        switch (approval?.Status)
        {
            case ApprovalStatus.Approved:
                return null;
            case ApprovalStatus.Rejected:
                throw new SsoRefusedException("approval rejected", "An administrator has declined your request for an account.", email);
            case ApprovalStatus.Pending when approval.ExpiresAt > now:
                return approval;
        }
        var details = new Dictionary<string, string?>();
        if (approval is not null)
        {
            // One request per address (a unique index): the expired one goes, its end on record.
            db.AuthEvents.Add(Event(provider, email, SsoEventTypes.ApprovalExpired, false, origin, "approval request expired",
                new() { ["request_id"] = approval.Id, ["expired_at"] = approval.ExpiresAt.ToString("O") }));
            db.PendingUserApprovals.Remove(approval);
            await db.SaveChangesAsync(cancellationToken);
            details["previous_request_id"] = approval.Id;
        }
        approval = new PendingUserApproval
        {
            Email = email,
            FullName = identity.Name,
            AuthProvider = provider.Id,
            SsoMetadata = JsonSerializer.Serialize(new { subject = identity.Subject, groups = identity.Groups }),
            Status = ApprovalStatus.Pending,
            RequestedAt = now,
            ExpiresAt = now + settings.ApprovalLifetime,
        };
        db.PendingUserApprovals.Add(approval);
        details["request_id"] = approval.Id;
        db.AuthEvents.Add(Event(provider, email, SsoEventTypes.ApprovalRequested, true, origin, details: details));
        await db.SaveChangesAsync(cancellationToken);
        return approval;
    }

    private async Task<EmailUser> SignedInAsync(SsoProvider provider, SsoIdentity identity, EmailUser user, RequestOrigin origin, DateTime now,
        CancellationToken cancellationToken)
    {
        user.LastLoginAt = now;
        user.EmailVerifiedAt ??= now;
        db.AuthEvents.Add(Event(provider, user.Email, AuthEventTypes.LoginSuccess, true, origin));
        // Every sign-in restates the mapped memberships, the empty set included: that is how teams learns one was taken away.
        var mapping = SsoTeamMapping.Parse(provider.TeamMapping);
        if (mapping.Rules.Count > 0)
        {
            var groups = identity.HostedDomain is { } hd ? identity.Groups.Append(hd) : identity.Groups;
            var memberships = mapping.Rules
                .Where(rule => groups.Contains(rule.Group, StringComparer.OrdinalIgnoreCase))
                .Select(rule => new AssertedMembership(rule.Team, rule.Role))
                .ToList();
            db.AddIntegrationEvent(new SsoMembershipsAsserted(user.Email, provider.Id, memberships) { OccurredAt = now });
        }
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    private bool IsAdmin(SsoProvider provider, SsoIdentity identity, string domain) =>
        settings.AutoAdminDomains.Contains(domain)
        || (provider.ProviderType == SsoProviderType.GitHub && identity.Groups.Any(g => settings.GitHubAdminOrgs.Contains(g.ToLowerInvariant())))
        || (provider.ProviderType == SsoProviderType.Google && identity.HostedDomain is { } hd && settings.GoogleAdminDomains.Contains(hd.ToLowerInvariant()));

    private AuthEvent Event(SsoProvider provider, string? email, string type, bool success, RequestOrigin origin, string? reason = null,
        Dictionary<string, string?>? details = null)
    {
        var evt = PasswordSignIn.Event(email, type, success, origin, time.GetUtcNow().UtcDateTime, reason);
        details ??= [];
        details["provider"] = provider.Id;
        evt.Details = JsonSerializer.Serialize(details);
        return evt;
    }
}
