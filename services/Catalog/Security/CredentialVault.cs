using System.Security.Cryptography;
using System.Text.Json;
using McpGateway.Catalog.Model;
using McpGateway.ServiceDefaults.Data;

namespace McpGateway.Catalog.Security;

/// <summary>
/// Seals <see cref="UpstreamCredentials"/> into an entity's `auth_value` (AES-256-GCM under AUTH_ENCRYPTION_SECRET,
/// see <see cref="SecretProtector"/>) and opens them again, for whoever connects upstream. Nothing here logs or
/// returns a secret; responses use <see cref="CredentialsSummary"/>.
/// </summary>
public sealed class CredentialVault(SecretProtector protector)
{
    /// <summary>The sealed value to store, or null when there is nothing to keep.</summary>
    public string? Seal(UpstreamCredentials credentials) =>
        credentials.Type == UpstreamCredentials.None ? null : protector.Protect(JsonSerializer.SerializeToUtf8Bytes(credentials, CredentialJson.Options));

    /// <summary>The credentials in <paramref name="authValue"/>; throws <see cref="CryptographicException"/> when they cannot be decrypted.</summary>
    public UpstreamCredentials Open(string authType, string? authValue) =>
        authValue is null
            ? new UpstreamCredentials { Type = authType }
            : JsonSerializer.Deserialize<UpstreamCredentials>(protector.Unprotect(authValue), CredentialJson.Options) ?? new UpstreamCredentials { Type = authType };

    /// <summary>The credentials, or null when they cannot be decrypted (AUTH_ENCRYPTION_SECRET changed).</summary>
    public UpstreamCredentials? TryOpen(string authType, string? authValue)
    {
        try
        {
            return Open(authType, authValue);
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    /// <summary>What a response may say about stored credentials: their kind and non-secret parts; secrets masked.</summary>
    public CredentialsSummary Describe(string authType, string? authValue)
    {
        if (authValue is null)
        {
            return new CredentialsSummary(authType, false, null, null, null, null);
        }
        var credentials = TryOpen(authType, authValue);
        return new CredentialsSummary(
            authType,
            AuthValueSet: true,
            AuthValue: CredentialsSummary.Masked,
            AuthUsername: credentials?.Username,
            AuthHeaderKeys: credentials?.HeaderValues?.Keys.Order(StringComparer.Ordinal).ToList(),
            OAuthConfig: credentials?.OAuthClient is { } oauth
                ? new OAuthConfigSummary("client_credentials", oauth.ClientId, oauth.TokenUrl, oauth.Scopes, CredentialsSummary.Masked)
                : null);
    }
}

/// <summary>Stored credentials as responses show them: which kind, whether set, names but never secrets.</summary>
public sealed record CredentialsSummary(
    string AuthType, bool AuthValueSet, string? AuthValue, string? AuthUsername, IReadOnlyList<string>? AuthHeaderKeys, OAuthConfigSummary? OAuthConfig)
{
    /// <summary>What stands for a secret in a response (ContextForge's masked value).</summary>
    public const string Masked = "*****";
}

public sealed record OAuthConfigSummary(string GrantType, string ClientId, string TokenUrl, IReadOnlyList<string> Scopes, string ClientSecret);

/// <summary>How <see cref="UpstreamCredentials"/> are written inside a sealed value (at rest and in exports).</summary>
public static class CredentialJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
