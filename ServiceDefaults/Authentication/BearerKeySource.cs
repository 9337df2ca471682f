using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace McpGateway.ServiceDefaults.Authentication;

/// <summary>
/// The signing keys as JwtBearer reads them: the registered key source (the auth service's JWKS, or in the auth service
/// its own key store) behind the plain interface, and never throwing. Given a `BaseConfigurationManager`, JwtBearer
/// would hand it to the token handler, which swallows a failed fetch (the refusal would then blame the token's key,
/// not the unreachable auth service), asks for a refresh after any bad signature or issuer, and records a
/// last-known-good configuration on every validation. Through this interface JwtBearer reads the cached keys itself
/// and asks for a refresh only when a token names an unknown `kid`; the source throttles those refreshes.
/// </summary>
internal sealed class BearerKeySource(IConfigurationManager<OpenIdConnectConfiguration> keys, ILogger<BearerKeySource> logger)
    : IConfigurationManager<OpenIdConnectConfiguration>
{
    /// <summary>No keys: every token is refused with <see cref="AccessTokenHandler.KeysUnavailable"/> until a fetch succeeds.</summary>
    private static readonly OpenIdConnectConfiguration NoKeys = new();

    public Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        var cached = keys.GetConfigurationAsync(cancel);
        return cached.IsCompletedSuccessfully ? cached : FetchAsync(cached);
    }

    private async Task<OpenIdConnectConfiguration> FetchAsync(Task<OpenIdConnectConfiguration> fetch)
    {
        try
        {
            return await fetch;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Cannot get the token signing keys; bearer tokens are refused until they can be fetched");
            return NoKeys;
        }
    }

    public void RequestRefresh() => keys.RequestRefresh();
}
