using McpGateway.Auth.Tokens;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace McpGateway.Auth.OAuth;

/// <summary>
/// OpenIddict's token manager, with one addition: whenever it revokes access tokens (a replayed code or reused refresh
/// token revoking its whole grant, RFC 7009 revocation, an account closed), their `jti`s (the entry ids, see
/// <see cref="Server.TokenHandlers.AccessTokenJtiIsEntryId"/>) go on every service's deny-list, since each service
/// checks these JWTs on its own and never asks OpenIddict.
/// </summary>
public sealed class OAuthTokenManager(
    IOpenIddictTokenCache<OpenIddictEntityFrameworkCoreToken> cache,
    ILogger<OpenIddictTokenManager<OpenIddictEntityFrameworkCoreToken>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictTokenStore<OpenIddictEntityFrameworkCoreToken> store,
    AccessTokenRevocations revocations)
    : OpenIddictTokenManager<OpenIddictEntityFrameworkCoreToken>(cache, logger, options, store)
{
    public override async ValueTask<bool> TryRevokeAsync(OpenIddictEntityFrameworkCoreToken token, CancellationToken cancellationToken = default)
    {
        var accessToken = token is { Type: TokenTypeIdentifiers.AccessToken, Status: Statuses.Valid, Id: { } id, ExpirationDate: { } expires }
            ? new RevokedAccessToken(id, expires, token.Subject)
            : null;
        if (!await base.TryRevokeAsync(token, cancellationToken))
        {
            return false;
        }
        if (accessToken is not null)
        {
            await revocations.RevokeAsync([accessToken], "revoked by its client", revokedBy: null, cancellationToken);
        }
        return true;
    }

    public override async ValueTask<long> RevokeByAuthorizationIdAsync(string identifier, CancellationToken cancellationToken = default)
    {
        var accessTokens = await revocations.OfAuthorizationAsync(identifier, cancellationToken);
        var count = await base.RevokeByAuthorizationIdAsync(identifier, cancellationToken);
        await revocations.RevokeAsync(accessTokens, "grant revoked (code replayed, refresh token reused or revoked)", revokedBy: null, cancellationToken);
        return count;
    }

    public override async ValueTask<long> RevokeBySubjectAsync(string subject, CancellationToken cancellationToken = default)
    {
        var accessTokens = await revocations.OfSubjectAsync(subject, cancellationToken);
        var count = await base.RevokeBySubjectAsync(subject, cancellationToken);
        await revocations.RevokeAsync(accessTokens, "account deactivated or deleted", revokedBy: null, cancellationToken);
        return count;
    }
}
