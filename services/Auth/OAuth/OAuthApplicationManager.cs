using System.Security.Cryptography;
using System.Text;
using McpGateway.Auth.OAuth.Clients;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;

namespace McpGateway.Auth.OAuth;

/// <summary>
/// OpenIddict's application (client) manager, with two of our rules:
/// <list type="bullet">
/// <item>Client secrets are 256 random bits we generate (<see cref="ClientSecrets"/>), so they are stored as a SHA-256:
/// a slow password hash (OpenIddict's PBKDF2) protects guessable secrets and would cost every client_credentials grant
/// milliseconds of CPU for nothing.</item>
/// <item>A loopback redirect URI (http on 127.0.0.1, [::1] or localhost) matches whatever port the request names
/// (RFC 8252 §7.3): a native client listens on a port the system gives it at sign-in time. Everything else still has to
/// match exactly.</item>
/// </list>
/// </summary>
public sealed class OAuthApplicationManager(
    IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication> cache,
    ILogger<OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication> store)
    : OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>(cache, logger, options, store)
{
    private const string Sha256Prefix = "sha256:";

    protected override ValueTask<string> ObfuscateClientSecretAsync(string secret, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Sha256Prefix + ClientSecrets.Hash(secret));

    protected override ValueTask<bool> ValidateClientSecretAsync(string secret, string comparand, CancellationToken cancellationToken = default) =>
        comparand.StartsWith(Sha256Prefix, StringComparison.Ordinal)
            ? ValueTask.FromResult(CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(ClientSecrets.Hash(secret)), Encoding.ASCII.GetBytes(comparand[Sha256Prefix.Length..])))
            : base.ValidateClientSecretAsync(secret, comparand, cancellationToken);

    public override async ValueTask<bool> ValidateRedirectUriAsync(OpenIddictEntityFrameworkCoreApplication application, string uri,
        CancellationToken cancellationToken = default)
    {
        if (await base.ValidateRedirectUriAsync(application, uri, cancellationToken))
        {
            return true;
        }
        var registered = await GetRedirectUrisAsync(application, cancellationToken);
        return registered.Any(candidate => RedirectUris.SameLoopbackExceptPort(uri, candidate));
    }
}
