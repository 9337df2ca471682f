using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.ServiceDefaults.Authentication;

/// <summary>The outcome of <see cref="AccessTokenValidator.ValidateAsync"/>: an identity, or an error safe to show the client.</summary>
public sealed record AccessTokenValidationResult(ClaimsIdentity? Identity, JsonWebToken? Token, string? Error)
{
    public bool IsValid => Identity is not null;
}

/// <summary>
/// Checks a bearer JWT issued by the auth service, locally: signature by a published asymmetric key, exact issuer,
/// audience, lifetime, `typ`, `jti` and the deny-list. Keys come from the registered
/// <see cref="IConfigurationManager{OpenIdConnectConfiguration}"/>, cached, so a validation makes no network call.
/// A token naming an unknown `kid` asks for a refresh (at most once per <see cref="TokenAuthenticationOptions.KeysRefreshInterval"/>)
/// and is checked again against the new keys, so a rotated key is accepted without a restart.
/// </summary>
public sealed class AccessTokenValidator(
    IConfigurationManager<OpenIdConnectConfiguration> keys,
    TokenDenyList denyList,
    IOptions<TokenAuthenticationOptions> options,
    ILogger<AccessTokenValidator> logger)
{
    /// <summary>Asymmetric algorithms only: `none` and HMAC (whose secret every verifier would have to share) are refused.</summary>
    public static readonly IReadOnlyList<string> AllowedAlgorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSsaPssSha256];

    /// <summary>RFC 9068 access tokens (`at+jwt`) and API tokens (`JWT`).</summary>
    public static readonly IReadOnlyList<string> AcceptedTypes = ["at+jwt", "application/at+jwt", "JWT"];

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TokenAuthenticationOptions _options = options.Value;
    private volatile ParametersForKeys? _parameters;

    private sealed record ParametersForKeys(OpenIdConnectConfiguration Keys, TokenValidationParameters Parameters);

    public async Task<AccessTokenValidationResult> ValidateAsync(string token, CancellationToken cancellationToken = default)
    {
        if (Read(token) is not { } jwt)
        {
            return Rejected("The access token is not a well-formed signed JWT.");
        }
        if (!AllowedAlgorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            // Refused before any key lookup, so `alg=none` or HS256 tokens cannot even trigger a key refresh.
            return Rejected("The access token's signing algorithm is not accepted (RS256, ES256 or PS256 only).");
        }

        if (await GetKeysAsync(cancellationToken) is not { } configuration)
        {
            return Rejected("The keys to check the access token could not be fetched from the auth service; try again later.");
        }
        var result = await _handler.ValidateTokenAsync(jwt, ParametersFor(configuration));
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // An unknown kid: the auth service may have published a key since we fetched ours. RequestRefresh is
            // throttled by the configuration manager (RefreshInterval), so forged kids cannot flood the auth service.
            keys.RequestRefresh();
            if (await GetKeysAsync(cancellationToken) is { } refreshed && !ReferenceEquals(refreshed, configuration))
            {
                result = await _handler.ValidateTokenAsync(jwt, ParametersFor(refreshed));
            }
        }
        if (!result.IsValid)
        {
            logger.LogDebug("Bearer token validation failed: {Exception}", result.Exception?.Message);
            return Rejected(Describe(result.Exception));
        }

        if (string.IsNullOrEmpty(jwt.Id) && _options.RequireJti)
        {
            return Rejected("The access token has no jti claim, so it could not be revoked; it is not accepted.");
        }
        if (denyList.IsRevoked(jwt.Id, jwt.Subject, jwt.TryGetPayloadValue<long>("iat", out var iat) ? DateTimeOffset.FromUnixTimeSeconds(iat) : null))
        {
            return Rejected("The access token has been revoked.");
        }
        return new AccessTokenValidationResult(result.ClaimsIdentity, jwt, null);
    }

    private JsonWebToken? Read(string token)
    {
        if (!_handler.CanReadToken(token))
        {
            return null;
        }
        try
        {
            var jwt = new JsonWebToken(token);
            return jwt.IsEncrypted ? null : jwt;
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenMalformedException)
        {
            return null;
        }
    }

    private async Task<OpenIdConnectConfiguration?> GetKeysAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await keys.GetConfigurationAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Cannot get the token signing keys; bearer tokens are refused until they can be fetched");
            return null;
        }
    }

    // One parameter set per key set, built when the keys change: per request it would cost more than the check itself.
    private TokenValidationParameters ParametersFor(OpenIdConnectConfiguration configuration)
    {
        var cached = _parameters;
        if (cached is not null && ReferenceEquals(cached.Keys, configuration))
        {
            return cached.Parameters;
        }
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = _options.Issuer,
            IssuerValidator = ValidateIssuer,
            AudienceValidator = (audiences, _, _) => audiences.Any(_options.IsValidAudience),
            ValidAlgorithms = AllowedAlgorithms,
            ValidTypes = AcceptedTypes,
            IssuerSigningKeys = configuration.SigningKeys,
            // The contract sets `kid` on every token: trying every key on a mismatch would only slow forged tokens down.
            TryAllIssuerSigningKeys = false,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = _options.ClockSkew,
            NameClaimType = TokenAuthenticationDefaults.Claims.Subject,
            RoleClaimType = TokenAuthenticationDefaults.Claims.Role,
            AuthenticationType = TokenAuthenticationDefaults.BearerScheme,
        };
        _parameters = new ParametersForKeys(configuration, parameters);
        return parameters;
    }

    // Exact and ordinal: `http://localhost:4444/` is another issuer than `http://localhost:4444` (OIDC Discovery §4.3).
    private string ValidateIssuer(string issuer, SecurityToken token, TokenValidationParameters parameters) =>
        string.Equals(issuer, _options.Issuer, StringComparison.Ordinal)
            ? issuer
            : throw new SecurityTokenInvalidIssuerException("The token's issuer is not the configured JWT_ISSUER.") { InvalidIssuer = issuer };

    private AccessTokenValidationResult Rejected(string error)
    {
        logger.LogInformation("Bearer token rejected: {Reason}", error);
        return new AccessTokenValidationResult(null, null, error);
    }

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "The access token has expired.",
        SecurityTokenNotYetValidException => "The access token is not valid yet (nbf is in the future).",
        SecurityTokenNoExpirationException => "The access token has no expiry (exp).",
        SecurityTokenInvalidLifetimeException => "The access token's lifetime (nbf, exp) is invalid.",
        SecurityTokenInvalidIssuerException => "The access token was not issued by this gateway's issuer.",
        SecurityTokenInvalidAudienceException => "The access token is not meant for this API (its audience is not accepted).",
        SecurityTokenInvalidTypeException => "The access token's type (typ) is not accepted.",
        SecurityTokenInvalidAlgorithmException => "The access token's signing algorithm is not accepted (RS256, ES256 or PS256 only).",
        SecurityTokenSignatureKeyNotFoundException => "The access token was signed with a key the auth service does not publish.",
        SecurityTokenInvalidSignatureException => "The access token's signature is invalid.",
        SecurityTokenMalformedException => "The access token is not a well-formed signed JWT.",
        _ => "The access token is invalid.",
    };
}
