using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Catalog.Federation.Upstream;
using McpGateway.Catalog.Model;

namespace McpGateway.Catalog.Security;

/// <summary>
/// Opens a gateway's sealed `auth_value` (<see cref="CredentialVault"/>) for federation at the moment it connects, in
/// the shapes federation reads: a bearer token as is; basic, header and OAuth client credentials as JSON objects. A
/// value that cannot be opened (AUTH_ENCRYPTION_SECRET changed) gives no credentials, so the upstream refuses and the
/// gateway is reported unreachable, rather than a ciphertext being sent as a token.
/// </summary>
internal sealed class SealedGatewaySecrets(CredentialVault vault) : IGatewaySecrets
{
    public string? Reveal(string? stored)
    {
        if (stored is null || vault.TryOpen(UpstreamCredentials.None, stored) is not { } credentials)
        {
            return null;
        }
        return credentials.Type switch
        {
            UpstreamCredentials.Bearer => credentials.Token,
            UpstreamCredentials.Basic => new JsonObject { ["username"] = credentials.Username, ["password"] = credentials.Password }.ToJsonString(),
            UpstreamCredentials.Headers => JsonSerializer.Serialize(credentials.HeaderValues ?? new Dictionary<string, string>()),
            UpstreamCredentials.OAuth when credentials.OAuthClient is { } client => new JsonObject
            {
                ["client_id"] = client.ClientId,
                ["client_secret"] = client.ClientSecret,
                ["token_url"] = client.TokenUrl,
                ["scopes"] = new JsonArray([.. client.Scopes.Select(s => JsonValue.Create(s))]),
            }.ToJsonString(),
            _ => null,
        };
    }
}
