using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.OAuth;

/// <summary>What redeeming a code found: the code, or that it was unknown/expired, or that it had been redeemed before.</summary>
public sealed record CodeRedemption(OAuthAuthorizationCode? Code, bool Replayed);

/// <summary>
/// Authorization codes: one-time, 60 seconds, stored only as their SHA-256. Redemption marks the code consumed in one
/// conditional UPDATE, so of two concurrent redemptions (on any replicas) exactly one wins.
/// </summary>
public sealed class AuthorizationCodeStore(AuthContext db, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    public async Task<string> IssueAsync(AuthorizationRequest request, string email, DateTime authTime, CancellationToken cancellationToken)
    {
        var code = OpaqueTokens.New();
        db.OAuthAuthorizationCodes.Add(new OAuthAuthorizationCode
        {
            CodeHash = OpaqueTokens.Hash(code),
            ClientId = request.Client.ClientId,
            UserEmail = email,
            RedirectUri = request.RedirectUri,
            RedirectUriSupplied = request.RedirectUriSupplied,
            Scope = request.Scope,
            Resource = request.Resource,
            CodeChallenge = request.CodeChallenge,
            CodeChallengeMethod = Pkce.S256,
            Nonce = request.Nonce,
            AuthTime = authTime,
            ExpiresAt = time.GetUtcNow().UtcDateTime + Lifetime,
        });
        await db.SaveChangesAsync(cancellationToken);
        return code;
    }

    public async Task<CodeRedemption> RedeemAsync(string code, CancellationToken cancellationToken)
    {
        var hash = OpaqueTokens.Hash(code);
        var now = time.GetUtcNow().UtcDateTime;
        var won = await db.OAuthAuthorizationCodes
            .Where(c => c.CodeHash == hash && c.ConsumedAt == null && c.ExpiresAt > now)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.ConsumedAt, now), cancellationToken);
        var row = await db.OAuthAuthorizationCodes.FirstOrDefaultAsync(c => c.CodeHash == hash, cancellationToken);
        return won == 1 ? new CodeRedemption(row, Replayed: false) : new CodeRedemption(null, Replayed: row?.ConsumedAt is not null);
    }

    /// <summary>Records the access token a redemption issued, so a replay of the code can revoke it.</summary>
    public async Task RecordAccessTokenAsync(OAuthAuthorizationCode code, string jti, DateTime expiresAt, CancellationToken cancellationToken)
    {
        code.AccessTokenJti = jti;
        code.AccessTokenExpiresAt = expiresAt;
        await db.SaveChangesAsync(cancellationToken);
    }
}
