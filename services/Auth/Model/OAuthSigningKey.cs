namespace McpGateway.Auth.Model;

/// <summary>
/// A key that signs our tokens (`oauth_signing_keys`). Rotation: a new key is published in the JWKS before it is
/// activated, and a retired key stays published until the last token it signed has expired.
/// </summary>
public class OAuthSigningKey
{
    public string Kid { get; set; } = Guid.NewGuid().ToString("N");
    /// <summary>The JWS algorithm, e.g. `RS256` or `ES256`.</summary>
    public string Algorithm { get; set; } = "RS256";
    /// <summary>The private key as PEM, encrypted at rest.</summary>
    public string PrivateKey { get; set; } = "";
    /// <summary>The public key as a JWK (JSON), as published at `/oauth/jwks`.</summary>
    public string PublicJwk { get; set; } = "";
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime? ActivatedAt { get; set; }
    public DateTime? RetiredAt { get; set; }
    /// <summary>When the key may leave the JWKS.</summary>
    public DateTime? ExpiresAt { get; set; }
}
