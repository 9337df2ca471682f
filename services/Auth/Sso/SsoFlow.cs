using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using McpGateway.Auth.OAuth;
using McpGateway.Auth.OAuth.Pages;
using McpGateway.Auth.Security;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Auth.Sso;

/// <summary>A sign-in sent to the upstream: where to send the browser, and the state the browser must bring back.</summary>
public sealed record SsoStart(string AuthorizationUrl, string State);

/// <summary>What a completed upstream sign-in yields: who, and where the browser goes next (a local path, or null).</summary>
public sealed record SsoCompletion(SsoIdentity Identity, string? ReturnTo);

/// <summary>
/// The authorization code flow against an upstream, with state, PKCE (S256) and, for OpenID Connect, a nonce.
/// What the callback must check lives in `sso_auth_sessions`, never in one replica's memory, and is deleted by the
/// callback that uses it (a replayed callback finds nothing). The state is also set in a cookie of the browser that
/// started, so a callback carrying someone else's state (login CSRF) is refused.
/// </summary>
public sealed class SsoFlow(AuthContext db, AuthSettings authSettings, SsoSettings settings, OidcUpstream oidc, GitHubUpstream github,
    SecretProtector protector, IHttpClientFactory httpClients, TimeProvider time)
{
    public const string StateCookie = "mcpgw_sso_state";
    public const string CookiePath = "/auth/sso";

    public string CallbackUri(SsoProvider provider) => $"{authSettings.Issuer.TrimEnd('/')}/auth/sso/callback/{provider.Id}";

    public async Task<SsoStart> StartAsync(SsoProvider provider, string? returnTo, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // Flows nobody finished: cheap to drop here, so the table stays small without a timer.
        await db.SsoAuthSessions.Where(s => s.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);

        var authorizationUrl = provider.AuthorizationUrl;
        if (provider.ProviderType != SsoProviderType.GitHub && string.IsNullOrEmpty(authorizationUrl))
        {
            authorizationUrl = (await oidc.ConfigurationAsync(provider, cancellationToken)).AuthorizationEndpoint;
        }
        var session = new SsoAuthSession
        {
            ProviderId = provider.Id,
            State = Random(),
            CodeVerifier = Random(),
            Nonce = provider.ProviderType == SsoProviderType.GitHub ? null : Random(),
            RedirectUri = SafeReturnTo(returnTo) ?? "",
            CreatedAt = now,
            ExpiresAt = now + settings.FlowLifetime,
        };
        db.SsoAuthSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);

        var parameters = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = provider.ClientId,
            ["redirect_uri"] = CallbackUri(provider),
            ["scope"] = provider.Scope,
            ["state"] = session.State,
            ["code_challenge"] = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(session.CodeVerifier))),
            ["code_challenge_method"] = "S256",
        };
        if (session.Nonce is not null)
        {
            parameters["nonce"] = session.Nonce;
        }
        return new SsoStart(QueryHelpers.AddQueryString(authorizationUrl, parameters), session.State);
    }

    /// <summary>Checks the callback (state, browser, expiry), redeems the code and identifies the user; throws <see cref="SsoRefusedException"/>.</summary>
    public async Task<SsoCompletion> CompleteAsync(SsoProvider provider, string? code, string? state, string? browserState, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(state) || state.Length > 128 || !state.All(IsBase64Url))
        {
            throw new SsoRefusedException("invalid state", "This sign-in link is not valid. Please start again.", statusCode: StatusCodes.Status400BadRequest);
        }
        var session = await db.SsoAuthSessions.AsNoTracking().SingleOrDefaultAsync(s => s.State == state && s.ProviderId == provider.Id, cancellationToken);
        // Whoever deletes the row owns the callback: a replay, or a second replica racing the first, deletes nothing.
        if (session is null || await db.SsoAuthSessions.Where(s => s.Id == session.Id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            throw new SsoRefusedException("unknown or used state", "This sign-in has already been used or was never started here. Please start again.",
                statusCode: StatusCodes.Status400BadRequest);
        }
        if (session.ExpiresAt < time.GetUtcNow().UtcDateTime)
        {
            throw new SsoRefusedException("state expired", "This sign-in took too long. Please start again.", statusCode: StatusCodes.Status400BadRequest);
        }
        if (browserState is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(browserState), Encoding.ASCII.GetBytes(state)))
        {
            throw new SsoRefusedException("state not started in this browser", "This sign-in was started in another browser. Please start again.",
                statusCode: StatusCodes.Status400BadRequest);
        }
        if (string.IsNullOrEmpty(code) || code.Length > 4096)
        {
            throw new SsoRefusedException("no code", "The sign-in provider did not complete the sign-in.", statusCode: StatusCodes.Status400BadRequest);
        }
        var tokens = await RedeemAsync(provider, code, session.CodeVerifier!, cancellationToken);
        var accessToken = tokens.TryGetProperty("access_token", out var at) && at.ValueKind == JsonValueKind.String ? at.GetString()! : null;
        SsoIdentity identity;
        if (provider.ProviderType == SsoProviderType.GitHub)
        {
            identity = await github.IdentityAsync(provider, accessToken
                ?? throw new SsoRefusedException("no access_token", "The sign-in provider did not complete the sign-in."), cancellationToken);
        }
        else
        {
            var idToken = tokens.TryGetProperty("id_token", out var it) && it.ValueKind == JsonValueKind.String ? it.GetString()! : null;
            if (idToken is null)
            {
                throw new SsoRefusedException("no id_token", "The sign-in provider's answer could not be verified.");
            }
            var validated = await oidc.ValidateIdTokenAsync(provider, idToken, session.Nonce!, cancellationToken);
            var userinfo = await UserinfoAsync(provider, validated, accessToken, cancellationToken);
            identity = OidcUpstream.IdentityOf(validated, userinfo, SsoTeamMapping.Parse(provider.TeamMapping).GroupsClaim);
        }
        return new SsoCompletion(identity, session.RedirectUri.Length > 0 ? session.RedirectUri : null);
    }

    /// <summary>Only a path to this provider's authorization endpoint: anything else would make the callback an open redirect.</summary>
    public string? SafeReturnTo(string? returnTo)
    {
        var authorize = OAuthPages.PathOf(authSettings, OAuthPaths.Authorize);
        return returnTo is { Length: > 0 and <= 8192 } && returnTo.StartsWith('/') && !returnTo.StartsWith("//", StringComparison.Ordinal)
            && !returnTo.Contains('\\') && (returnTo == authorize || returnTo.StartsWith(authorize + "?", StringComparison.Ordinal))
            && !returnTo.Any(char.IsControl)
            ? returnTo : null;
    }

    private async Task<JsonElement> RedeemAsync(SsoProvider provider, string code, string verifier, CancellationToken cancellationToken)
    {
        var tokenUrl = provider.TokenUrl;
        if (string.IsNullOrEmpty(tokenUrl))
        {
            tokenUrl = (await oidc.ConfigurationAsync(provider, cancellationToken)).TokenEndpoint;
        }
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = CallbackUri(provider),
            ["code_verifier"] = verifier,
            ["client_id"] = provider.ClientId,
        };
        if (SsoSecrets.Unprotect(protector, provider.ClientSecretEncrypted) is { } secret)
        {
            form["client_secret"] = secret;
        }
        using var http = httpClients.CreateClient(SsoHttp.ClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenUrl) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await http.SendAsync(request, cancellationToken);
        JsonElement body;
        try
        {
            body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        }
        catch (JsonException)
        {
            body = default;
        }
        // GitHub answers a refused code with 200 and an `error` field.
        if (!response.IsSuccessStatusCode || body.ValueKind != JsonValueKind.Object || body.TryGetProperty("error", out _))
        {
            var error = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var e) ? e.ToString() : $"HTTP {(int)response.StatusCode}";
            throw new SsoRefusedException($"code refused by the provider: {error}", "The sign-in provider did not accept this sign-in. Please start again.");
        }
        return body;
    }

    /// <summary>Userinfo, when the provider has one and the id_token lacks the email; its `sub` must be the id_token's (OIDC Core §5.3.2).</summary>
    private async Task<JsonElement?> UserinfoAsync(SsoProvider provider, Microsoft.IdentityModel.JsonWebTokens.JsonWebToken idToken, string? accessToken,
        CancellationToken cancellationToken)
    {
        if (idToken.TryGetPayloadValue<string>("email", out var email) && !string.IsNullOrEmpty(email) || accessToken is null)
        {
            return null;
        }
        var url = provider.UserinfoUrl is { Length: > 0 } configured ? configured : (await oidc.ConfigurationAsync(provider, cancellationToken)).UserInfoEndpoint;
        if (string.IsNullOrEmpty(url))
        {
            return null;
        }
        using var http = httpClients.CreateClient(SsoHttp.ClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return body.ValueKind == JsonValueKind.Object && body.TryGetProperty("sub", out var sub) && sub.GetString() == idToken.Subject ? body : null;
    }

    private static string Random() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    private static bool IsBase64Url(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
