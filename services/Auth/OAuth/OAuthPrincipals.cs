using System.Security.Claims;
using McpGateway.Auth.Model;
using McpGateway.ServiceDefaults.Authentication;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace McpGateway.Auth.OAuth;

/// <summary>
/// What the provider's tokens say about their subject, following the contract every service reads
/// (<see cref="TokenAuthenticationDefaults.Claims"/>): `sub` and `email` are the user's email, `is_admin` is true for a
/// platform admin; the id_token also carries the name and `auth_time`. The access token's audience is the RFC 8707
/// resource when one was named, else the gateway's API (JWT_AUDIENCE).
/// </summary>
public static class OAuthPrincipals
{
    public static ClaimsPrincipal ForUser(EmailUser user, DateTimeOffset authTime)
    {
        var identity = NewIdentity()
            .SetClaim(Claims.Subject, user.Email)
            .SetClaim(Claims.Email, user.Email)
            .SetClaim(Claims.Name, user.FullName)
            .SetClaim(Claims.AuthenticationTime, authTime.ToUnixTimeSeconds());
        if (user.IsAdmin)
        {
            identity.SetClaim(TokenAuthenticationDefaults.Claims.IsAdmin, true);
        }
        return new ClaimsPrincipal(identity.SetDestinations(DestinationsOf));
    }

    /// <summary>A client acting for itself (`client_credentials`): the client is the subject.</summary>
    public static ClaimsPrincipal ForClient(string clientId) =>
        new(NewIdentity().SetClaim(Claims.Subject, clientId).SetDestinations(DestinationsOf));

    /// <summary>The access token's audience: the named resource, else the gateway's own API.</summary>
    public static string[] Audience(string? resource, string apiAudience) => [resource ?? apiAudience];

    private static ClaimsIdentity NewIdentity() =>
        new(TokenValidationParameters.DefaultAuthenticationType, TokenAuthenticationDefaults.Claims.Subject, TokenAuthenticationDefaults.Claims.Role);

    private static IEnumerable<string> DestinationsOf(Claim claim) => claim.Type switch
    {
        Claims.Subject or Claims.Email => [Destinations.AccessToken, Destinations.IdentityToken],
        TokenAuthenticationDefaults.Claims.IsAdmin => [Destinations.AccessToken],
        Claims.Name or Claims.AuthenticationTime => [Destinations.IdentityToken],
        _ => [],
    };
}
