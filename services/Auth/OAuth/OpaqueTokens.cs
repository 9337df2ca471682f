using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Auth.OAuth;

/// <summary>
/// Authorization codes, refresh tokens and client secrets: 256 random bits, base64url. Only their SHA-256 is stored;
/// a secret that long needs no slow hash, since there is nothing to guess.
/// </summary>
public static class OpaqueTokens
{
    public static string New() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Compares a presented secret with a stored hash in constant time.</summary>
    public static bool Matches(string presented, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(storedHash));
}
