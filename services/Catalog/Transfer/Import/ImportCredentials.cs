using System.Text;
using System.Text.Json;
using McpGateway.Catalog.Model;
using McpGateway.Catalog.Security;

namespace McpGateway.Catalog.Transfer.Import;

/// <summary>
/// An exported `auth_type` + `auth_value` back to <see cref="UpstreamCredentials"/>: ours are the credentials as JSON;
/// ContextForge's are the headers it would send (`{"Authorization": "Bearer ..."}`), read as its importer reads them.
/// </summary>
public static class ImportCredentials
{
    /// <summary>The credentials, or a reason they cannot be read (then the entity is not imported).</summary>
    public static (UpstreamCredentials? Credentials, string? Problem) Read(ImportItem item, ExportCipher cipher)
    {
        var authType = item.String("auth_type")?.Trim().ToLowerInvariant();
        var authValue = item.String("auth_value");
        if (authType is null or "" or "none" || string.IsNullOrEmpty(authValue))
        {
            return (new UpstreamCredentials(), null);
        }
        if (cipher.TryDecrypt(authValue) is not { } plaintext)
        {
            return (null, "its credentials cannot be decrypted: give the passphrase it was exported with (or, for a ContextForge export, its AUTH_ENCRYPTION_SECRET as rekey_secret)");
        }
        try
        {
            using var document = JsonDocument.Parse(plaintext);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out _))
            {
                return (JsonSerializer.Deserialize<UpstreamCredentials>(root, CredentialJson.Options), null);
            }
            var headers = root.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!);
            var authorization = headers.GetValueOrDefault("Authorization") ?? "";
            return authType switch
            {
                "bearer" when authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) =>
                    (new UpstreamCredentials { Type = UpstreamCredentials.Bearer, Token = authorization[7..] }, null),
                "basic" when authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)
                    && Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..])).Split(':', 2) is [var user, var password] =>
                    (new UpstreamCredentials { Type = UpstreamCredentials.Basic, Username = user, Password = password }, null),
                "authheaders" or "headers" when headers.Count > 0 =>
                    (new UpstreamCredentials { Type = UpstreamCredentials.Headers, HeaderValues = headers }, null),
                _ => (null, $"its '{authType}' credentials are not in a form this catalog reads"),
            };
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return (null, "its credentials are not in a form this catalog reads");
        }
    }
}
