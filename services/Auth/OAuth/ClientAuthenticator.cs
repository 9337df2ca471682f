using System.Net;
using System.Text;
using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.OAuth;

/// <summary>Who is calling the token, revocation or introspection endpoint: a client, or the error to answer.</summary>
public sealed record ClientAuthentication(OAuthClient? Client, OAuthJsonResult? Error)
{
    public bool IsConfidential => Client?.ClientSecretHash is not null;
}

/// <summary>
/// Client authentication at the token endpoint (RFC 6749 §2.3): `client_secret_basic` (RFC 6749 §2.3.1: id and secret
/// form-urlencoded, then Basic), `client_secret_post`, or `none` for a public client, which only names itself and
/// relies on PKCE. A client must use the method it registered, and only one method per request.
/// </summary>
public sealed class ClientAuthenticator(AuthContext db)
{
    private const string Failed = "Client authentication failed: unknown client, wrong secret, or a method the client did not register.";

    public async Task<ClientAuthentication> AuthenticateAsync(HttpRequest request, OAuthParameters form, CancellationToken cancellationToken)
    {
        string? clientId;
        string? secret;
        string method;
        var header = request.Headers.Authorization.ToString();
        var triedBasic = header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase);
        if (triedBasic)
        {
            if (form["client_secret"] is not null)
            {
                return Invalid(OAuthErrors.InvalidRequest, "Use one client authentication method: HTTP Basic or client_secret in the body, not both.");
            }
            if (ParseBasic(header["Basic ".Length..]) is not var (id, password))
            {
                return new ClientAuthentication(null, OAuthJsonResult.InvalidClient("The Basic credentials are malformed.", triedBasic: true));
            }
            if (form["client_id"] is { } bodyId && bodyId != id)
            {
                return Invalid(OAuthErrors.InvalidRequest, "client_id in the body differs from the one in the Authorization header.");
            }
            (clientId, secret, method) = (id, password, ClientAuthenticationMethods.ClientSecretBasic);
        }
        else if (form["client_secret"] is { } postedSecret)
        {
            (clientId, secret, method) = (form["client_id"], postedSecret, ClientAuthenticationMethods.ClientSecretPost);
        }
        else
        {
            (clientId, secret, method) = (form["client_id"], null, ClientAuthenticationMethods.None);
        }

        if (string.IsNullOrEmpty(clientId))
        {
            return new ClientAuthentication(null, OAuthJsonResult.InvalidClient("The request identifies no client: send client_id, or authenticate with HTTP Basic.", triedBasic));
        }
        var client = await db.OAuthClients.AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == clientId, cancellationToken);
        var authenticated = client switch
        {
            null => false,
            { ClientSecretHash: null } => method == ClientAuthenticationMethods.None,
            { ClientSecretHash: { } hash } => secret is not null && method == client.TokenEndpointAuthMethod && OpaqueTokens.Matches(secret, hash),
        };
        return authenticated
            ? new ClientAuthentication(client, null)
            : new ClientAuthentication(null, OAuthJsonResult.InvalidClient(Failed, triedBasic));
    }

    private static ClientAuthentication Invalid(string error, string description) => new(null, OAuthJsonResult.Error(error, description));

    private static (string Id, string Secret)? ParseBasic(string encoded)
    {
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded.Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon <= 0 ? null : (WebUtility.UrlDecode(decoded[..colon]), WebUtility.UrlDecode(decoded[(colon + 1)..]));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
