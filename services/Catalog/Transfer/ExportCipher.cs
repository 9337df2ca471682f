using System.Security.Cryptography;
using System.Text;
using McpGateway.ServiceDefaults.Data;
using McpGateway.ServiceDefaults.Http;

namespace McpGateway.Catalog.Transfer;

/// <summary>
/// How an export carries secrets: never in clear, always AES-256-GCM, each value `base64url(nonce | ciphertext | tag)`
/// as ContextForge writes its `auth_value`. The key comes from one of three places, named by the export's `encryption`:
/// <list type="bullet">
/// <item>`passphrase`: PBKDF2-SHA256 over a passphrase the caller gives, with the salt and iterations in the file, so
/// the export is portable to any deployment whose importer knows the passphrase;</item>
/// <item>`AUTH_ENCRYPTION_SECRET` (no passphrase given): HKDF from this deployment's secret, so it imports where the
/// same secret is configured;</item>
/// <item>no `encryption` block (a ContextForge export): SHA-256 of ContextForge's AUTH_ENCRYPTION_SECRET, which the
/// importer gives as `rekey_secret` (or `passphrase`).</item>
/// </list>
/// </summary>
public sealed class ExportCipher
{
    public const string PassphraseKey = "passphrase";
    public const string DeploymentKey = "AUTH_ENCRYPTION_SECRET";
    public const int Iterations = 600_000;
    private const string ExportPurpose = "mcpgateway catalog export";
    private readonly byte[] _key;

    private ExportCipher(byte[] key, ExportEncryption description)
    {
        _key = key;
        Description = description;
    }

    /// <summary>What the export's `encryption` block says, so an importer can derive the same key.</summary>
    public ExportEncryption Description { get; }

    public static ExportCipher ForExport(string? passphrase, SecretProtector protector)
    {
        if (passphrase is null)
        {
            return new ExportCipher(protector.DeriveKey(ExportPurpose), new ExportEncryption(DeploymentKey, "HKDF-SHA256", null, null));
        }
        var salt = RandomNumberGenerator.GetBytes(16);
        return new ExportCipher(Pbkdf2(passphrase, salt, Iterations), new ExportEncryption(PassphraseKey, "PBKDF2-SHA256", Iterations, Convert.ToBase64String(salt)));
    }

    /// <summary>The key for an export being imported; 400 when the secret needed is missing or the block is unknown.</summary>
    public static ExportCipher ForImport(ExportEncryption? encryption, string? passphrase, SecretProtector protector)
    {
        switch (encryption)
        {
            case null:
                return passphrase is null
                    ? new ExportCipher([], new ExportEncryption("ContextForge", "SHA-256", null, null))
                    : new ExportCipher(SHA256.HashData(Encoding.UTF8.GetBytes(passphrase)), new ExportEncryption("ContextForge", "SHA-256", null, null));
            case { Key: DeploymentKey }:
                return new ExportCipher(protector.DeriveKey(ExportPurpose), encryption);
            case { Key: PassphraseKey, Iterations: { } iterations, Salt: { } salt } when iterations is >= 100_000 and <= 10_000_000:
                return passphrase is null
                    ? throw ProblemException.BadRequest("passphrase", "This export's secrets are encrypted with a passphrase: give it as 'passphrase'.")
                    : new ExportCipher(Pbkdf2(passphrase, Base64(salt), iterations), encryption);
            default:
                throw ProblemException.BadRequest("encryption", "The export's 'encryption' block is not one this catalog writes.");
        }
    }

    public string Encrypt(byte[] plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var sealedValue = new byte[12 + plaintext.Length + 16];
        nonce.CopyTo(sealedValue, 0);
        using var aes = new AesGcm(_key, 16);
        aes.Encrypt(nonce, plaintext, sealedValue.AsSpan(12, plaintext.Length), sealedValue.AsSpan(12 + plaintext.Length));
        return Convert.ToBase64String(sealedValue).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The plaintext, or null when this key cannot open the value (wrong secret, no secret, not ours).</summary>
    public byte[]? TryDecrypt(string value)
    {
        if (_key.Length == 0)
        {
            return null;
        }
        try
        {
            var sealedValue = Base64(value.Replace('-', '+').Replace('_', '/'));
            if (sealedValue.Length < 12 + 16)
            {
                return null;
            }
            var plaintext = new byte[sealedValue.Length - 28];
            using var aes = new AesGcm(_key, 16);
            aes.Decrypt(sealedValue.AsSpan(0, 12), sealedValue.AsSpan(12, plaintext.Length), sealedValue.AsSpan(sealedValue.Length - 16), plaintext);
            return plaintext;
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }

    private static byte[] Pbkdf2(string passphrase, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, iterations, HashAlgorithmName.SHA256, 32);

    private static byte[] Base64(string text) => Convert.FromBase64String(text.PadRight(text.Length + (4 - text.Length % 4) % 4, '='));
}

/// <summary>An export's `encryption` block: whose key (`passphrase` or `AUTH_ENCRYPTION_SECRET`), how it was derived.</summary>
public sealed record ExportEncryption(string Key, string Kdf, int? Iterations, string? Salt);
