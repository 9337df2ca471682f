using McpGateway.Auth.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Auth.OAuth;

/// <summary>Which of our JWTs a check accepts.</summary>
public enum IssuedTokenKind
{
    /// <summary>RFC 9068 access tokens (`typ` at+jwt).</summary>
    AccessToken,
    /// <summary>Access tokens and long-lived API tokens (`typ` JWT, `token_use` api): what a resource server may be handed.</summary>
    AccessOrApiToken,
    /// <summary>OpenID Connect id_tokens (`typ` JWT, no `token_use`).</summary>
    IdToken,
}

/// <summary>
/// Checks JWTs this provider issued, in-process, against the published keys from <see cref="SigningKeyStore"/>: exact
/// issuer, asymmetric signature, lifetime, type. No audience check: the endpoints using it (userinfo, introspection,
/// revocation, end-session) serve tokens of every audience we issue. Revocation is the caller's to check.
/// </summary>
public sealed class IssuedTokenValidator(SigningKeyStore keys, AuthSettings settings)
{
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };
    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSsaPssSha256];

    /// <param name="allowExpired">For an id_token_hint, which may have expired long ago and still names its client.</param>
    public async Task<JsonWebToken?> ValidateAsync(string token, IssuedTokenKind kind, bool allowExpired = false, CancellationToken cancellationToken = default)
    {
        if (!Handler.CanReadToken(token))
        {
            return null;
        }
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            ValidateAudience = false,
            ValidateLifetime = !allowExpired,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            ValidAlgorithms = Algorithms,
            IssuerSigningKeys = await keys.GetPublishedKeysAsync(cancellationToken),
            TryAllIssuerSigningKeys = false,
            ValidTypes = kind == IssuedTokenKind.AccessToken ? ["at+jwt"] : kind == IssuedTokenKind.IdToken ? ["JWT"] : ["at+jwt", "JWT"],
        };
        var result = await Handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt || string.IsNullOrEmpty(jwt.Id) && kind != IssuedTokenKind.IdToken)
        {
            return null;
        }
        var isApiToken = jwt.TryGetPayloadValue<string>("token_use", out var use) && use == "api";
        return kind switch
        {
            IssuedTokenKind.IdToken when isApiToken => null,
            IssuedTokenKind.AccessOrApiToken when jwt.Typ == "JWT" && !isApiToken => null,
            _ => jwt,
        };
    }
}
