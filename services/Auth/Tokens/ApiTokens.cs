using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using McpGateway.Auth.Accounts;
using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using McpGateway.Auth.Security;
using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authentication;
using McpGateway.ServiceDefaults.Messaging;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.Tokens;

/// <summary>What a new API token may do: only the restrictions given become claims.</summary>
public sealed record ApiTokenScope(string? ServerId, IReadOnlyList<string> Permissions, IReadOnlyList<string> IpRestrictions);

public sealed record NewApiToken(string Name, string? Description, int LifetimeDays, ApiTokenScope Scope, string? TeamId);

/// <summary>The owner already has an active token of that name.</summary>
public sealed class ApiTokenNameTakenException(string name)
    : Exception($"You already have an active API token named '{name}'; revoke it or choose another name.");

/// <summary>
/// Personal and team API tokens: long-lived JWTs from <see cref="TokenIssuer.IssueApiTokenAsync"/>, of which only the
/// SHA-256 hash and the `jti` are kept. Revoking one records it (`token_revocations`), announces it to every service
/// (<see cref="TokenRevoked"/> through the outbox, in the same transaction) and puts it on this process's deny-list at once.
/// </summary>
public sealed class ApiTokens(AuthContext db, TokenIssuer issuer, TokenDenyList denyList, TimeProvider time, ILogger<ApiTokens> logger)
{
    public const int DefaultLifetimeDays = 30;
    /// <summary>No token lives longer than a year: a leaked one cannot stay useful for ever.</summary>
    public const int MaxLifetimeDays = 365;

    /// <summary>Issues the token and stores it; returns the row and the secret, which is never stored or shown again.</summary>
    public async Task<(ApiToken Token, string Secret)> CreateAsync(EmailUser owner, NewApiToken request, RequestOrigin origin, CancellationToken cancellationToken)
    {
        if (await db.ApiTokens.AnyAsync(t => t.UserEmail == owner.Email && t.Name == request.Name && t.IsActive, cancellationToken))
        {
            throw new ApiTokenNameTakenException(request.Name);
        }

        var claims = new Dictionary<string, object>();
        if (request.TeamId is { } teamId)
        {
            claims["team_id"] = teamId;
        }
        if (request.Scope.ServerId is { } serverId)
        {
            claims["server_id"] = serverId;
        }
        if (request.Scope.Permissions.Count > 0)
        {
            claims["permissions"] = request.Scope.Permissions.ToArray();
        }
        if (request.Scope.IpRestrictions.Count > 0)
        {
            claims["ip_restrictions"] = request.Scope.IpRestrictions.ToArray();
        }
        var issued = await issuer.IssueApiTokenAsync(owner.Email, owner.IsAdmin, TimeSpan.FromDays(request.LifetimeDays), claims, cancellationToken);

        var now = time.GetUtcNow().UtcDateTime;
        var token = new ApiToken
        {
            UserEmail = owner.Email,
            TeamId = request.TeamId,
            Name = request.Name,
            Description = request.Description,
            Jti = issued.Jti,
            TokenHash = Hash(issued.Token),
            ServerId = request.Scope.ServerId,
            ResourceScopes = [.. request.Scope.Permissions],
            IpRestrictions = [.. request.Scope.IpRestrictions],
            ExpiresAt = issued.ExpiresAt,
            CreatedAt = now,
        };
        db.ApiTokens.Add(token);
        var issuedEvent = PasswordSignIn.Event(owner.Email, AuthEventTypes.TokenIssued, true, origin, now);
        issuedEvent.Details = Details(token, ("expires_at", token.ExpiresAt));
        db.AuthEvents.Add(issuedEvent);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent request took the name between our check and our insert (the unique index says so).
            db.ChangeTracker.Clear();
            if (await db.ApiTokens.AnyAsync(t => t.UserEmail == owner.Email && t.Name == request.Name && t.IsActive, cancellationToken))
            {
                throw new ApiTokenNameTakenException(request.Name);
            }
            throw;
        }
        logger.LogInformation("Issued API token {TokenId} ({Jti}) to {Email}, valid until {ExpiresAt:O}", token.Id, token.Jti, owner.Email, token.ExpiresAt);
        return (token, issued.Token);
    }

    /// <summary>Revokes an active token (a revoked one is left as it is) and saves.</summary>
    public async Task RevokeAsync(ApiToken token, string revokedBy, string reason, RequestOrigin origin, CancellationToken cancellationToken)
    {
        if (!token.IsActive)
        {
            return;
        }
        StageRevocation(token, revokedBy, reason, origin);
        await db.SaveChangesAsync(cancellationToken);
        DenyNow(token);
    }

    /// <summary>
    /// Adds a revocation to the context without saving: the token turns inactive, a `token_revocations` row, the
    /// <see cref="TokenRevoked"/> event in the outbox and a `token_revoked` log entry. After the caller has saved, call
    /// <see cref="DenyNow"/>.
    /// </summary>
    public void StageRevocation(ApiToken token, string revokedBy, string reason, RequestOrigin origin)
    {
        var now = time.GetUtcNow().UtcDateTime;
        token.IsActive = false;
        db.TokenRevocations.Add(new TokenRevocation { Jti = token.Jti, RevokedAt = now, RevokedBy = revokedBy, Reason = reason, ExpiresAt = token.ExpiresAt });
        db.AddIntegrationEvent(new TokenRevoked(token.Jti, token.ExpiresAt, token.UserEmail) { OccurredAt = now });
        var revoked = PasswordSignIn.Event(token.UserEmail, AuthEventTypes.TokenRevoked, true, origin, now);
        revoked.Details = Details(token, ("revoked_by", revokedBy), ("reason", reason));
        db.AuthEvents.Add(revoked);
    }

    /// <summary>Refuses the token in this process from now on (other replicas and services learn it from <see cref="TokenRevoked"/>).</summary>
    public void DenyNow(ApiToken token)
    {
        denyList.Revoke(token.Jti, token.ExpiresAt is { } expires ? new DateTimeOffset(expires, TimeSpan.Zero) : DateTimeOffset.MaxValue);
        logger.LogInformation("Revoked API token {TokenId} ({Jti}) of {Email}", token.Id, token.Jti, token.UserEmail);
    }

    /// <summary>How a token is stored: the hex SHA-256 of its text.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Details(ApiToken token, params (string Name, object? Value)[] more)
    {
        var details = new Dictionary<string, object?> { ["token_use"] = Caller.ApiTokenUse, ["token_id"] = token.Id, ["name"] = token.Name, ["jti"] = token.Jti };
        foreach (var (name, value) in more)
        {
            details[name] = value;
        }
        return JsonSerializer.Serialize(details);
    }
}
