using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Catalog.Federation.Upstream;

/// <summary>
/// The headers that authenticate the gateway to an upstream, from its `auth_type` and decrypted `auth_value`
/// (ContextForge's shapes): `bearer` - a token, or a JSON object of headers; `basic` - `user:password`,
/// `{"username","password"}` or headers; `headers`/`authheaders` - a JSON object of header → value (or a list of
/// `{key, value}`); `oauth` - `{"client_id","client_secret","token_url","scopes"}`, for which an access token is
/// obtained with the client credentials grant and cached until shortly before it expires. The client's own token
/// never reaches an upstream: only these.
/// </summary>
public sealed class UpstreamAuthHeaders(IGatewaySecrets secrets, IHttpClientFactory httpClients, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Expires)> _oauthTokens = new(StringComparer.Ordinal);

    public async ValueTask<IReadOnlyList<KeyValuePair<string, string>>> HeadersAsync(UpstreamEndpoint endpoint, CancellationToken cancellationToken)
    {
        var authType = endpoint.AuthType.Trim().ToLowerInvariant();
        if (authType is "" or "none" || secrets.Reveal(endpoint.AuthValue) is not { Length: > 0 } secret)
        {
            return [];
        }
        var json = TryParseObject(secret);
        return authType switch
        {
            "bearer" => json is not null ? HeadersOf(json) : [new("Authorization", $"Bearer {secret}")],
            "basic" => json is not null && json["username"] is not null
                ? [new("Authorization", Basic($"{json["username"]}:{json["password"]}"))]
                : json is not null ? HeadersOf(json) : [new("Authorization", Basic(secret))],
            "headers" or "authheaders" => json is not null ? HeadersOf(json) : HeadersOfList(secret),
            "oauth" when json is not null => [new("Authorization", $"Bearer {await OAuthTokenAsync(endpoint.GatewayId, json, cancellationToken)}")],
            _ => throw new InvalidOperationException($"Gateway {endpoint.GatewayId} has auth_type '{endpoint.AuthType}' with credentials federation cannot use."),
        };
    }

    /// <summary>Forgets a cached OAuth token (the upstream refused it).</summary>
    public void Forget(string gatewayId) => _oauthTokens.TryRemove(gatewayId, out _);

    private async Task<string> OAuthTokenAsync(string gatewayId, JsonObject config, CancellationToken cancellationToken)
    {
        if (_oauthTokens.TryGetValue(gatewayId, out var cached) && cached.Expires > time.GetUtcNow())
        {
            return cached.Token;
        }
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        var scopes = config["scopes"] switch
        {
            JsonArray array => string.Join(' ', array.Select(s => s?.ToString())),
            JsonValue value => value.ToString(),
            _ => null,
        };
        if (!string.IsNullOrWhiteSpace(scopes))
        {
            form["scope"] = scopes;
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, (string?)config["token_url"]) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString((string?)config["client_id"] ?? "")}:{Uri.EscapeDataString((string?)config["client_secret"] ?? "")}")));
        using var response = await httpClients.CreateClient(FederationExtensions.UpstreamHttpClient).SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var token = body.RootElement.GetProperty("access_token").GetString() ?? throw new InvalidOperationException("The token endpoint answered no access_token.");
        var lifetime = body.RootElement.TryGetProperty("expires_in", out var expiresIn) && expiresIn.TryGetInt32(out var seconds) ? seconds : 300;
        _oauthTokens[gatewayId] = (token, time.GetUtcNow().AddSeconds(Math.Max(lifetime - 30, 1)));
        return token;
    }

    private static string Basic(string pair) => $"Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes(pair))}";

    private static JsonObject? TryParseObject(string text)
    {
        if (!text.TrimStart().StartsWith('{'))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static KeyValuePair<string, string>[] HeadersOf(JsonObject headers) =>
        headers.Where(h => h.Value is JsonValue).Select(h => new KeyValuePair<string, string>(h.Key, h.Value!.ToString())).ToArray();

    // ContextForge's `auth_headers`: [{"key": "X-Api-Key", "value": "..."}].
    private static KeyValuePair<string, string>[] HeadersOfList(string text) =>
        JsonNode.Parse(text) is JsonArray list
            ? list.OfType<JsonObject>().Select(h => new KeyValuePair<string, string>((string?)h["key"] ?? "", (string?)h["value"] ?? ""))
                .Where(h => h.Key.Length > 0).ToArray()
            : [];
}
