using System.Security.Cryptography;
using System.Text;
using McpGateway.ServiceDefaults.Data;

namespace McpGateway.Auth.Security;

/// <summary>
/// Encrypts secrets the auth service must store and read back (signing keys, SSO client secrets) with AES-256-GCM
/// under a key derived from `AUTH_ENCRYPTION_SECRET` (ContextForge's name). Locally, on SQLite, a missing secret is
/// generated once into the data directory; on PostgreSQL, where replicas share the database, it must be configured.
/// </summary>
public sealed class SecretProtector
{
    private const string Version = "v1";
    private readonly byte[] _key;
    private readonly byte[] _secret;

    public SecretProtector(IConfiguration configuration, ServiceDatabase database, ILogger<SecretProtector> logger)
    {
        var secret = configuration["AUTH_ENCRYPTION_SECRET"];
        if (string.IsNullOrEmpty(secret))
        {
            if (database.Provider != DatabaseProvider.Sqlite)
            {
                throw new InvalidOperationException(
                    "AUTH_ENCRYPTION_SECRET is required with a shared database: every replica must decrypt the same signing keys. Generate one with `openssl rand -hex 32`.");
            }
            secret = LocalSecret(Path.Combine(Path.GetDirectoryName(database.SqliteFile)!, ".auth-encryption-secret"), logger);
        }
        _secret = Encoding.UTF8.GetBytes(secret);
        _key = DeriveKey("mcpgateway auth secrets");
    }

    /// <summary>A 256-bit key of its own for <paramref name="purpose"/>, the same on every replica that shares the secret.</summary>
    public byte[] DeriveKey(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _secret, 32, info: Encoding.UTF8.GetBytes(purpose));

    public string Protect(byte[] plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using var aes = new AesGcm(_key, tag.Length);
        aes.Encrypt(nonce, plaintext, ciphertext, tag);
        return $"{Version}.{Convert.ToBase64String(nonce)}.{Convert.ToBase64String(tag)}.{Convert.ToBase64String(ciphertext)}";
    }

    public byte[] Unprotect(string protectedValue)
    {
        var parts = protectedValue.Split('.');
        if (parts is not [Version, var nonce, var tag, var ciphertext])
        {
            throw new CryptographicException("Not a value this service encrypted.");
        }
        var plaintext = new byte[Convert.FromBase64String(ciphertext).Length];
        using var aes = new AesGcm(_key, AesGcm.TagByteSizes.MaxSize);
        try
        {
            aes.Decrypt(Convert.FromBase64String(nonce), Convert.FromBase64String(ciphertext), Convert.FromBase64String(tag), plaintext);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new CryptographicException("A stored secret cannot be decrypted: AUTH_ENCRYPTION_SECRET differs from the one it was encrypted with.", e);
        }
        return plaintext;
    }

    private static string LocalSecret(string path, ILogger logger)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
        // Written aside, then moved into place without overwriting: a process starting at the same moment either
        // wins the move or reads the complete file of the one that did.
        var candidate = $"{path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var file = new StreamWriter(candidate, Encoding.UTF8, options))
        {
            file.Write(Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
        }
        try
        {
            File.Move(candidate, path, overwrite: false);
            logger.LogWarning("AUTH_ENCRYPTION_SECRET is not set; generated one in {Path}. Set it explicitly in production", path);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(candidate);
        }
        return File.ReadAllText(path).Trim();
    }
}
