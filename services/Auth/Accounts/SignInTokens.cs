using System.Text.Json;
using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using McpGateway.Auth.Security;

namespace McpGateway.Auth.Accounts;

/// <summary>Issues the access token a password sign-in or a registration earns, and records it (`token_issued`).</summary>
public sealed class SignInTokens(AuthContext db, TokenIssuer issuer, AuthSettings settings, TimeProvider time, ILogger<SignInTokens> logger)
{
    /// <summary>Seconds the issued tokens live (`TOKEN_EXPIRY`).</summary>
    public int ExpiresIn => (int)settings.AccessTokenLifetime.TotalSeconds;

    public async Task<IssuedToken> IssueAsync(EmailUser user, RequestOrigin origin, CancellationToken cancellationToken)
    {
        // No resource: the token is for the gateway's own API (JWT_AUDIENCE).
        var token = await issuer.IssueAccessTokenAsync(user.Email, user.IsAdmin, scope: null, clientId: null, audience: null, cancellationToken);
        var issued = PasswordSignIn.Event(user.Email, AuthEventTypes.TokenIssued, true, origin, time.GetUtcNow().UtcDateTime);
        issued.Details = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["token_use"] = "access",
            ["jti"] = token.Jti,
            ["expires_at"] = token.ExpiresAt,
        });
        db.AuthEvents.Add(issued);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Issued access token {Jti} to {Email}, valid until {ExpiresAt:O}", token.Jti, user.Email, token.ExpiresAt);
        return token;
    }
}
