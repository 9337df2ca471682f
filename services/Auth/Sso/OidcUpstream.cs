using System.Collections.Concurrent;
using System.Text.Json;
using McpGateway.Auth.Model;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Auth.Sso;

/// <summary>
/// An OpenID Connect provider seen from the gateway: its discovery document (cached and refreshed per issuer, so a provider
/// added at runtime works at once and a rotated key is fetched again), and the checks of its id_token (OIDC Core §3.1.3.7):
/// signature by a published key, `iss`, `aud` (and `azp` when there are several), lifetime, and the `nonce` we sent.
/// </summary>
public sealed class OidcUpstream(IHttpClientFactory httpClients)
{
    private static readonly string[] SigningAlgorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512, SecurityAlgorithms.RsaSsaPssSha256,
         SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384];

    private readonly ConcurrentDictionary<string, ConfigurationManager<OpenIdConnectConfiguration>> _discovery = new(StringComparer.Ordinal);
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public async Task<OpenIdConnectConfiguration> ConfigurationAsync(SsoProvider provider, CancellationToken cancellationToken)
    {
        var issuer = provider.Issuer ?? throw new SsoRefusedException("provider misconfigured", "This sign-in provider is not configured correctly.");
        var manager = _discovery.GetOrAdd(issuer, address => new ConfigurationManager<OpenIdConnectConfiguration>(
            address.TrimEnd('/') + "/.well-known/openid-configuration",
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(httpClients.CreateClient(SsoHttp.ClientName)) { RequireHttps = !SsoHttp.IsLoopback(address) }));
        try
        {
            return await manager.GetConfigurationAsync(cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            throw new SsoRefusedException($"discovery failed: {e.GetBaseException().Message}", "The sign-in provider cannot be reached right now.",
                statusCode: StatusCodes.Status502BadGateway);
        }
    }

    /// <summary>The id_token's claims once every check passed; a refusal names the check that failed.</summary>
    public async Task<JsonWebToken> ValidateIdTokenAsync(SsoProvider provider, string idToken, string nonce, CancellationToken cancellationToken)
    {
        var configuration = await ConfigurationAsync(provider, cancellationToken);
        var result = await _handler.ValidateTokenAsync(idToken, Parameters(provider, configuration));
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // A key we have not seen: the provider may have rotated; fetch its keys once more (rate-limited by the manager).
            _discovery[provider.Issuer!].RequestRefresh();
            configuration = await ConfigurationAsync(provider, cancellationToken);
            result = await _handler.ValidateTokenAsync(idToken, Parameters(provider, configuration));
        }
        if (!result.IsValid)
        {
            throw new SsoRefusedException($"id_token invalid: {Describe(result.Exception)}", "The sign-in provider's answer could not be verified.");
        }
        var token = (JsonWebToken)result.SecurityToken;
        if (!token.TryGetPayloadValue<string>("nonce", out var tokenNonce) || !string.Equals(tokenNonce, nonce, StringComparison.Ordinal))
        {
            throw new SsoRefusedException("id_token invalid: nonce mismatch", "The sign-in provider's answer could not be verified.");
        }
        var audiences = token.Audiences.ToList();
        if (audiences.Count > 1 && (!token.TryGetPayloadValue<string>("azp", out var azp) || azp != provider.ClientId))
        {
            throw new SsoRefusedException("id_token invalid: azp is not this client", "The sign-in provider's answer could not be verified.");
        }
        return token;
    }

    private static TokenValidationParameters Parameters(SsoProvider provider, OpenIdConnectConfiguration configuration) => new()
    {
        ValidIssuer = provider.Issuer,
        ValidAudience = provider.ClientId,
        IssuerSigningKeys = configuration.SigningKeys,
        ValidAlgorithms = SigningAlgorithms,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        ClockSkew = TimeSpan.FromMinutes(2),
    };

    private static string Describe(Exception? e) => e switch
    {
        SecurityTokenInvalidAudienceException => "wrong audience",
        SecurityTokenInvalidIssuerException => "wrong issuer",
        SecurityTokenExpiredException => "expired",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "bad signature",
        SecurityTokenInvalidAlgorithmException => "algorithm not allowed",
        null => "unknown",
        _ => e.GetType().Name,
    };

    /// <summary>The claims of an id_token (and userinfo, for what it lacks) as the account rules read them.</summary>
    public static SsoIdentity IdentityOf(JsonWebToken idToken, JsonElement? userinfo, string? groupsClaim)
    {
        string? Text(string name) =>
            idToken.TryGetPayloadValue<string>(name, out var value) && !string.IsNullOrEmpty(value) ? value
            : userinfo is { ValueKind: JsonValueKind.Object } info && info.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String
                ? element.GetString() : null;
        var email = Text("email");
        // email_verified from the same source as the email: a userinfo email is not vouched for by the id_token's flag.
        var verified = idToken.TryGetPayloadValue<string>("email", out var tokenEmail) && !string.IsNullOrEmpty(tokenEmail)
            ? IsTrue(idToken.TryGetPayloadValue<object>("email_verified", out var flag) ? flag : null)
            : userinfo is { ValueKind: JsonValueKind.Object } claims && claims.TryGetProperty("email_verified", out var element)
                && (element.ValueKind == JsonValueKind.True || (element.ValueKind == JsonValueKind.String && element.GetString() == "true"));
        var groups = new List<string>();
        var claim = string.IsNullOrEmpty(groupsClaim) ? "groups" : groupsClaim;
        if (idToken.TryGetPayloadValue<List<string>>(claim, out var tokenGroups) && tokenGroups is not null)
        {
            groups.AddRange(tokenGroups);
        }
        else if (userinfo is { ValueKind: JsonValueKind.Object } profile && profile.TryGetProperty(claim, out var list) && list.ValueKind == JsonValueKind.Array)
        {
            groups.AddRange(list.EnumerateArray().Where(g => g.ValueKind == JsonValueKind.String).Select(g => g.GetString()!));
        }
        return new SsoIdentity(idToken.Subject, email, verified, Text("name"), groups, Text("hd"));
    }

    private static bool IsTrue(object? value) => value switch
    {
        bool b => b,
        string s => string.Equals(s, "true", StringComparison.OrdinalIgnoreCase),
        JsonElement { ValueKind: JsonValueKind.True } => true,
        _ => false,
    };
}
