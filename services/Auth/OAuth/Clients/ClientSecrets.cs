using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Auth.OAuth.Clients;

/// <summary>
/// The secrets of confidential clients: 256 random bits, base64url, shown once at registration. Only their SHA-256 is
/// stored (<see cref="OAuthApplicationManager"/>); a secret that long needs no slow hash, since there is nothing to guess.
/// </summary>
public static class ClientSecrets
{
    public static string New() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
