using System.Text.Json;
using McpGateway.Auth.Security;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace McpGateway.Auth.OAuth.Clients;

/// <summary>
/// The admin UI (services/Admin) is a first-party client of this provider: registered at every start from the settings,
/// like a seed, so its redirect URIs follow the public origin. Its consent is implicit (it is part of the product, not a
/// client anyone registered). `ADMIN_UI_CLIENT_SECRET` makes it confidential (`client_secret_post`); without one it is a
/// public client, protected by PKCE and its exact redirect URI.
/// </summary>
public sealed class AdminUiClientRegistration(IServiceScopeFactory scopes, AuthSettings settings, IConfiguration configuration, TimeProvider time)
    : IHostedService
{
    public const string DefaultClientId = "mcpgateway-admin";
    public const string Source = "first_party";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RegisterAsync(cancellationToken);
                return;
            }
            // Replicas starting together: one insert wins, the others find the row it wrote at the next attempt. A loser
            // fails on the unique index, or already in OpenIddict's own check before the insert ("an application with the
            // same client identifier already exists": a ValidationException); a real validation error is thrown at the last.
            catch (Exception e) when (attempt < 5 && e is DbUpdateException or OpenIddictExceptions.ConcurrencyException or OpenIddictExceptions.ValidationException)
            {
            }
        }
    }

    private async Task RegisterAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var clientId = configuration["ADMIN_UI_CLIENT_ID"] is { Length: > 0 } id ? id.Trim() : DefaultClientId;
        var secret = configuration["ADMIN_UI_CLIENT_SECRET"] is { Length: > 0 } configured ? configured : null;
        var descriptor = Describe(clientId, secret, settings.Issuer.TrimEnd('/'), time.GetUtcNow());

        var existing = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (existing is null)
        {
            await applications.CreateAsync(descriptor, cancellationToken);
            return;
        }
        // Written only when something changed: replicas starting together then find it as the first one left it,
        // instead of racing to update the same row.
        var stored = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(stored, existing, cancellationToken);
        if (!SameRegistration(stored, descriptor))
        {
            // The descriptor update keeps the stored secret; a configured one is set (hashed) below.
            await applications.UpdateAsync(existing, descriptor, cancellationToken);
        }
        if (secret is not null && !await applications.ValidateClientSecretAsync(existing, secret, cancellationToken))
        {
            await applications.UpdateAsync(existing, secret, cancellationToken);
        }
    }

    private static bool SameRegistration(OpenIddictApplicationDescriptor stored, OpenIddictApplicationDescriptor wanted) =>
        stored.ClientType == wanted.ClientType && stored.ConsentType == wanted.ConsentType && stored.DisplayName == wanted.DisplayName
        && stored.RedirectUris.SetEquals(wanted.RedirectUris) && stored.PostLogoutRedirectUris.SetEquals(wanted.PostLogoutRedirectUris)
        && stored.Permissions.SetEquals(wanted.Permissions) && stored.Requirements.SetEquals(wanted.Requirements)
        && new[] { ClientApplications.AuthMethodProperty, ClientApplications.ScopeProperty }.All(name =>
            stored.Properties.TryGetValue(name, out var value) && wanted.Properties.TryGetValue(name, out var other) && value.ToString() == other.ToString());

    public static OpenIddictApplicationDescriptor Describe(string clientId, string? secret, string publicOrigin, DateTimeOffset now)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            ClientType = secret is null ? ClientTypes.Public : ClientTypes.Confidential,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "MCP Gateway admin",
        };
        descriptor.RedirectUris.Add(new Uri(publicOrigin + "/admin/signin-oidc"));
        descriptor.PostLogoutRedirectUris.Add(new Uri(publicOrigin + "/admin/signout-callback-oidc"));
        descriptor.Permissions.UnionWith(
        [
            Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession, Permissions.Endpoints.Revocation,
            Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
        ]);
        descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        descriptor.Properties[ClientApplications.SourceProperty] = JsonSerializer.SerializeToElement(Source);
        descriptor.Properties[ClientApplications.AuthMethodProperty] = JsonSerializer.SerializeToElement(
            secret is null ? ClientAuthenticationMethods.None : ClientAuthenticationMethods.ClientSecretPost);
        descriptor.Properties[ClientApplications.ScopeProperty] = JsonSerializer.SerializeToElement("openid profile email offline_access");
        descriptor.Properties[ClientApplications.IssuedAtProperty] = JsonSerializer.SerializeToElement(now.ToUnixTimeSeconds());
        return descriptor;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
