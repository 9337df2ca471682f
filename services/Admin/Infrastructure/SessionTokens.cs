using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace McpGateway.Admin.Infrastructure;

/// <summary>
/// Keeps a session's access token fresh: shortly before it expires, redeem the refresh token once for a new pair and
/// write them into the cookie. The provider's refresh tokens are single-use (a second presentation revokes the grant),
/// so two requests of one session arriving together must not both redeem it: the first does, under a lock per refresh
/// token, and the answer is kept for a minute for the others. When refreshing fails the session ends and the next
/// request signs in again.
/// </summary>
public sealed class SessionTokens(IOptionsMonitor<OpenIdConnectOptions> oidc, TimeProvider time, ILogger<SessionTokens> logger)
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();
    private readonly ConcurrentDictionary<string, (RefreshedTokens Tokens, DateTimeOffset Until)> _recent = new();

    public async Task RefreshIfExpiringAsync(CookieValidatePrincipalContext context)
    {
        var expiresAt = context.Properties.GetTokenValue("expires_at");
        if (expiresAt is null || !DateTimeOffset.TryParse(expiresAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out var expires)
            || expires - time.GetUtcNow() > Margin)
        {
            return;
        }
        var refreshToken = context.Properties.GetTokenValue("refresh_token");
        var refreshed = refreshToken is null ? null : await RefreshAsync(refreshToken, context.HttpContext.RequestAborted);
        if (refreshed is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        context.Properties.UpdateTokenValue("access_token", refreshed.AccessToken);
        context.Properties.UpdateTokenValue("refresh_token", refreshed.RefreshToken);
        context.Properties.UpdateTokenValue("expires_at", refreshed.ExpiresAt.ToString("o", CultureInfo.InvariantCulture));
        context.ShouldRenew = true;
    }

    private async Task<RefreshedTokens?> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(refreshToken)));
        var gate = _locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (_recent.TryGetValue(key, out var recent) && recent.Until > now)
            {
                return recent.Tokens;
            }
            var tokens = await RedeemAsync(refreshToken, cancellationToken);
            if (tokens is not null)
            {
                _recent[key] = (tokens, now.AddMinutes(1));
            }
            foreach (var stale in _recent.Where(entry => entry.Value.Until <= now).Select(entry => entry.Key).ToList())
            {
                _recent.TryRemove(stale, out _);
                _locks.TryRemove(stale, out _);
            }
            return tokens;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<RefreshedTokens?> RedeemAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var options = oidc.Get(OpenIdConnectDefaults.AuthenticationScheme);
        var configuration = await options.ConfigurationManager!.GetConfigurationAsync(cancellationToken);
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = options.ClientId!,
        };
        if (!string.IsNullOrEmpty(options.ClientSecret))
        {
            form["client_secret"] = options.ClientSecret;
        }
        using var response = await options.Backchannel.PostAsync(configuration.TokenEndpoint, new FormUrlEncodedContent(form), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            logger.LogInformation("Refreshing a session's access token was refused ({Status}); the user signs in again.", (int)response.StatusCode);
            return null;
        }
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var root = body.RootElement;
        if (root.TryGetProperty("access_token", out var access) && access.GetString() is { } accessToken
            && root.TryGetProperty("refresh_token", out var refresh) && refresh.GetString() is { } newRefreshToken)
        {
            var lifetime = root.TryGetProperty("expires_in", out var expiresIn) && expiresIn.TryGetInt32(out var seconds) ? seconds : 300;
            return new RefreshedTokens(accessToken, newRefreshToken, time.GetUtcNow().AddSeconds(lifetime));
        }
        return null;
    }

    private sealed record RefreshedTokens(string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt);
}
