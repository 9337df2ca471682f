using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Auth.OAuth;

/// <summary>Proof Key for Code Exchange (RFC 7636), S256 only: OAuth 2.1 and the MCP authorization spec require it.</summary>
public static class Pkce
{
    public const string S256 = "S256";

    /// <summary>A S256 challenge is a base64url SHA-256: exactly 43 characters of the base64url alphabet.</summary>
    public static bool IsValidChallenge(string challenge) =>
        challenge.Length == 43 && challenge.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>RFC 7636 §4.1: 43 to 128 characters of [A-Z] [a-z] [0-9] - . _ ~.</summary>
    public static bool IsValidVerifier(string verifier) =>
        verifier.Length is >= 43 and <= 128 && verifier.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~');

    public static string ChallengeOf(string verifier) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>BASE64URL(SHA256(verifier)) == challenge, compared in constant time.</summary>
    public static bool Verify(string verifier, string challenge) =>
        IsValidVerifier(verifier)
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(ChallengeOf(verifier)), Encoding.ASCII.GetBytes(challenge));
}
