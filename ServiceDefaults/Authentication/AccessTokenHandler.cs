using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.ServiceDefaults.Authentication;

/// <summary>A refusal for one of our own rules; its message is a fixed sentence, safe to show the client.</summary>
public sealed class AccessTokenRefusedException(string reason) : SecurityTokenValidationException(reason);

/// <summary>
/// The token handler JwtBearer validates bearer tokens with: the library's <see cref="JsonWebTokenHandler"/> (signature
/// by the `kid`'s published key, exact issuer, audience, lifetime, `typ`), and around it the rules it lacks. Before any
/// key is looked up: a well-formed signed JWT, RS256, ES256 or PS256 only (so `none` or HS256 tokens cannot even make
/// the service refresh its keys), and keys to check it with. After: a `jti` (REQUIRE_JTI) that is not on the
/// <see cref="TokenDenyList"/>. Inbound claims keep the names they were issued with (`sub`, `role`, `is_admin`).
/// </summary>
/// <remarks>
/// A token that passed is remembered (the exact token string, until it expires) so that its next requests skip the
/// signature check, the costliest step (RS256 about 30 µs, ES256 about 80 µs): a client sends the same token many times.
/// What can change meanwhile is still checked on every request: the deny-list, and that the key it was signed with is
/// still published (a withdrawn key ends its tokens at once). A token refused on its form, signature, issuer, audience,
/// type, lifetime or missing `jti` is not remembered; a revoked one may be, and the deny-list refuses it every time.
/// </remarks>
public sealed class AccessTokenHandler : JsonWebTokenHandler, IDisposable
{
    /// <summary>Asymmetric algorithms only: `none` and HMAC (whose secret every verifier would have to share) are refused.</summary>
    public static readonly IReadOnlyList<string> AllowedAlgorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSsaPssSha256];

    /// <summary>RFC 9068 access tokens (`at+jwt`) and API tokens (`JWT`).</summary>
    public static readonly IReadOnlyList<string> AcceptedTypes = ["at+jwt", "application/at+jwt", "JWT"];

    public const string Malformed = "The access token is not a well-formed signed JWT.";
    public const string AlgorithmNotAccepted = "The access token's signing algorithm is not accepted (RS256, ES256 or PS256 only).";
    public const string KeysUnavailable = "The keys to check the access token could not be fetched from the auth service; try again later.";
    public const string NoJti = "The access token has no jti claim, so it could not be revoked; it is not accepted.";
    public const string Revoked = "The access token has been revoked.";

    /// <summary>How many validated tokens are remembered at most (a few KB each: the parsed token and its claims); beyond, new ones are checked in full.</summary>
    public const int RememberedTokens = 10_000;

    private readonly TokenDenyList _denyList;
    private readonly TokenAuthenticationOptions _options;
    private readonly MemoryCache _validated = new(new MemoryCacheOptions { SizeLimit = RememberedTokens });

    public AccessTokenHandler(TokenDenyList denyList, TokenAuthenticationOptions options)
    {
        _denyList = denyList;
        _options = options;
        MapInboundClaims = false;
    }

    /// <summary>What the library checks; JwtBearer adds the signing keys of its key source to a copy per request.</summary>
    public TokenValidationParameters CreateValidationParameters() => new()
    {
        ValidIssuer = _options.Issuer,
        IssuerValidator = ValidateIssuer,
        AudienceValidator = (audiences, _, _) => audiences.Any(_options.IsValidAudience),
        ValidAlgorithms = AllowedAlgorithms,
        ValidTypes = AcceptedTypes,
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

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (!_validated.TryGetValue(token, out ValidatedToken? validated) || !validated!.IsSignedByOneOf(validationParameters.IssuerSigningKeys))
        {
            if (!TryRead(token, out var jwt, out var refusal))
            {
                return Refused(refusal);
            }
            if (validationParameters.IssuerSigningKeys?.Any() != true)
            {
                return Refused(KeysUnavailable);
            }
            var result = await ValidateTokenAsync(jwt, validationParameters);
            if (!result.IsValid)
            {
                return result;
            }
            if (string.IsNullOrEmpty(jwt.Id) && _options.RequireJti)
            {
                return Refused(NoJti);
            }
            var issuedAt = jwt.TryGetPayloadValue<long>("iat", out var iat) ? DateTimeOffset.FromUnixTimeSeconds(iat) : (DateTimeOffset?)null;
            validated = new ValidatedToken(result.ClaimsIdentity, jwt, issuedAt);
            if (jwt.SigningKey?.KeyId is { Length: > 0 })
            {
                // Remembered until it expires as the library judges it (exp plus the clock skew); the cache checks that on every read.
                _validated.Set(token, validated, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = jwt.ValidTo.Add(validationParameters.ClockSkew) });
            }
        }
        // On every request, remembered or not: revoked by its own id, or as one of a deactivated or deleted user's tokens
        // (by its subject and issue time).
        return _denyList.IsRevoked(validated.Token.Id, validated.Token.Subject, validated.IssuedAt) ? Refused(Revoked) : validated.Result();
    }

    public void Dispose() => _validated.Dispose();

    /// <summary>A token that passed every check but the deny-list's, with its issue time (read once).</summary>
    private sealed record ValidatedToken(ClaimsIdentity Identity, JsonWebToken Token, DateTimeOffset? IssuedAt)
    {
        /// <summary>Whether the key it was signed with is still published (its `kid` among <paramref name="published"/>).</summary>
        public bool IsSignedByOneOf(IEnumerable<SecurityKey>? published) =>
            published?.Any(key => string.Equals(key.KeyId, Token.SigningKey?.KeyId, StringComparison.Ordinal)) == true;

        /// <summary>A result of its own for each request: its identity is a copy, so what one request adds stays its own.</summary>
        public TokenValidationResult Result() => new()
        {
            IsValid = true,
            ClaimsIdentity = Identity.Clone(),
            SecurityToken = Token,
            Issuer = Token.Issuer,
            TokenType = Token.Typ,
        };
    }

    /// <summary>
    /// Parses <paramref name="token"/>, or says why it is refused on its form alone: not a signed JWT, or signed with an
    /// algorithm we do not accept. Needs no key, so JwtBearer's events call it before the keys are even fetched.
    /// </summary>
    public static bool TryRead(string token, [NotNullWhen(true)] out JsonWebToken? jwt, [NotNullWhen(false)] out string? refusal)
    {
        jwt = null;
        refusal = Malformed;
        if (token.Length > TokenValidationParameters.DefaultMaximumTokenSizeInBytes)
        {
            return false;
        }
        JsonWebToken parsed;
        try
        {
            parsed = new JsonWebToken(token);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenMalformedException)
        {
            return false;
        }
        if (parsed.IsEncrypted)
        {
            return false;
        }
        if (!AllowedAlgorithms.Contains(parsed.Alg, StringComparer.Ordinal))
        {
            refusal = AlgorithmNotAccepted;
            return false;
        }
        (jwt, refusal) = (parsed, null);
        return true;
    }

    // Exact and ordinal: `http://localhost:4444/` is another issuer than `http://localhost:4444` (OIDC Discovery §4.3).
    private string ValidateIssuer(string issuer, SecurityToken token, TokenValidationParameters parameters) =>
        string.Equals(issuer, _options.Issuer, StringComparison.Ordinal)
            ? issuer
            : throw new SecurityTokenInvalidIssuerException("The token's issuer is not the configured JWT_ISSUER.") { InvalidIssuer = issuer };

    private static TokenValidationResult Refused(string reason) => new() { IsValid = false, Exception = new AccessTokenRefusedException(reason) };
}
