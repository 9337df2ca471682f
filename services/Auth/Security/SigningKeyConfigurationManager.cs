using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Auth.Security;

/// <summary>
/// The key source of the auth service's own bearer validation (JwtBearer's <c>ConfigurationManager</c>, set up by
/// ServiceDefaults' <c>AddTokenAuthentication</c>): the published keys straight from <see cref="SigningKeyStore"/>, so the
/// service checks the tokens it issued without an HTTP call to its own discovery document. The store re-reads its table every minute and at each key activation,
/// and new keys are published an hour before they sign, so a refresh request needs no work here.
/// </summary>
public sealed class SigningKeyConfigurationManager(SigningKeyStore keys, AuthSettings settings) : IConfigurationManager<OpenIdConnectConfiguration>
{
    private volatile Snapshot? _last;

    private sealed record Snapshot(IReadOnlyList<SecurityKey> Keys, OpenIdConnectConfiguration Configuration);

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        var published = await keys.GetPublishedKeysAsync(cancel);
        // The same object while the keys are the same: nothing is rebuilt per request.
        if (_last is { } last && ReferenceEquals(last.Keys, published))
        {
            return last.Configuration;
        }
        var configuration = new OpenIdConnectConfiguration { Issuer = settings.Issuer };
        foreach (var key in published)
        {
            configuration.SigningKeys.Add(key);
        }
        _last = new Snapshot(published, configuration);
        return configuration;
    }

    public void RequestRefresh()
    {
    }
}
