using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.ServiceDefaults.Authentication;

/// <summary>
/// Reads the auth service's discovery document and its JWKS through the auth service's INTERNAL address. The discovery
/// document names the public origin in `jwks_uri` (http://localhost:4444/oauth/jwks), which a pod may not reach, so the
/// keys are fetched from the address the discovery document itself came from, at the `jwks_uri`'s path.
/// Only asymmetric signing keys are kept: a symmetric key in a JWKS would let anyone who read it forge tokens.
/// </summary>
public sealed class InternalJwksConfigurationRetriever(string expectedIssuer, ILogger logger) : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var configuration = OpenIdConnectConfiguration.Create(await retriever.GetDocumentAsync(address, cancel));
        if (string.IsNullOrEmpty(configuration.JwksUri))
        {
            throw new InvalidOperationException($"The discovery document at {address} has no jwks_uri.");
        }
        if (!string.Equals(configuration.Issuer, expectedIssuer, StringComparison.Ordinal))
        {
            // Tokens are still checked against JWT_ISSUER alone; this only explains why they will all be refused.
            logger.LogWarning("The auth service's discovery document names issuer {Issuer}, but JWT_ISSUER here is {Expected}", configuration.Issuer, expectedIssuer);
        }

        var jwksAddress = InternalAddress(new Uri(address), configuration.JwksUri);
        configuration.JsonWebKeySet = new JsonWebKeySet(await retriever.GetDocumentAsync(jwksAddress.AbsoluteUri, cancel));
        foreach (var key in configuration.JsonWebKeySet.GetSigningKeys().Where(IsAsymmetric))
        {
            configuration.SigningKeys.Add(key);
        }
        if (configuration.SigningKeys.Count == 0)
        {
            // Thrown, so the configuration manager keeps the keys it had rather than adopting an empty set.
            throw new InvalidOperationException($"The JWKS at {jwksAddress} has no RSA or EC signing key.");
        }
        logger.LogInformation("Fetched {Count} signing keys ({Kids}) from {Address}", configuration.SigningKeys.Count,
            string.Join(", ", configuration.SigningKeys.Select(k => k.KeyId)), jwksAddress);
        return configuration;
    }

    /// <summary>The `jwks_uri`'s path and query on the origin the discovery document was fetched from.</summary>
    public static Uri InternalAddress(Uri discoveryAddress, string jwksUri) =>
        Uri.TryCreate(jwksUri, UriKind.Absolute, out var published)
            ? new Uri(discoveryAddress, published.PathAndQuery)
            : new Uri(discoveryAddress, jwksUri);

    private static bool IsAsymmetric(SecurityKey key) => key switch
    {
        JsonWebKey jwk => jwk.Kty is JsonWebAlgorithmsKeyTypes.RSA or JsonWebAlgorithmsKeyTypes.EllipticCurve,
        AsymmetricSecurityKey => true,
        _ => false,
    };
}
