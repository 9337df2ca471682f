using System.Globalization;
using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.OAuth;

/// <summary>Checks an authorization request, client and redirect_uri first (so errors are never sent to an unverified URI).</summary>
public sealed class AuthorizationRequestValidator(AuthContext db)
{
    public async Task<AuthorizationValidation> ValidateAsync(OAuthParameters parameters, string query, CancellationToken cancellationToken)
    {
        if (parameters.All("client_id").Count > 1 || parameters.All("redirect_uri").Count > 1)
        {
            return new AuthorizationValidation.ErrorPage("The request names client_id or redirect_uri more than once.");
        }
        if (parameters["client_id"] is not { } clientId)
        {
            return new AuthorizationValidation.ErrorPage("The request does not say which application is asking (client_id is missing).");
        }
        var client = await db.OAuthClients.AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == clientId, cancellationToken);
        if (client is null)
        {
            return new AuthorizationValidation.ErrorPage("The application that sent you here is not registered with this gateway (unknown client_id).");
        }

        var supplied = parameters["redirect_uri"];
        string redirectUri;
        if (supplied is not null)
        {
            // Exact string comparison (RFC 6749 §3.1.2.3, OAuth 2.1): no prefix, no trailing-slash or query leniency.
            if (!client.RedirectUris.Contains(supplied, StringComparer.Ordinal))
            {
                return new AuthorizationValidation.ErrorPage("The address the application asked to be sent back to (redirect_uri) is not one it registered.");
            }
            redirectUri = supplied;
        }
        else if (client.RedirectUris is [var only])
        {
            redirectUri = only;
        }
        else
        {
            return new AuthorizationValidation.ErrorPage("The request does not say where to send you back (redirect_uri is missing) and the application registered several addresses.");
        }

        var state = parameters.All("state").FirstOrDefault();
        AuthorizationValidation Fail(string error, string description) => new AuthorizationValidation.ErrorRedirect(redirectUri, state, error, description);

        if (parameters.Repeated("resource") is { } repeated)
        {
            return Fail(OAuthErrors.InvalidRequest, $"The parameter {repeated} is given more than once.");
        }
        if (parameters["request"] is not null)
        {
            return Fail("request_not_supported", "Request objects (the request parameter) are not supported.");
        }
        if (parameters["request_uri"] is not null)
        {
            return Fail("request_uri_not_supported", "The request_uri parameter is not supported.");
        }
        switch (parameters["response_type"])
        {
            case null:
                return Fail(OAuthErrors.InvalidRequest, "response_type is required (code).");
            case not "code":
                return Fail(OAuthErrors.UnsupportedResponseType, "Only response_type=code is supported.");
        }
        if (!client.GrantTypes.Contains(GrantTypes.AuthorizationCode) || !client.ResponseTypes.Contains("code"))
        {
            return Fail(OAuthErrors.UnauthorizedClient, "This client is not registered for the authorization_code grant.");
        }
        if (parameters["response_mode"] is { } mode && mode != "query")
        {
            return Fail(OAuthErrors.InvalidRequest, "Only response_mode=query is supported.");
        }

        if (parameters["code_challenge"] is not { } challenge)
        {
            return Fail(OAuthErrors.InvalidRequest, "code_challenge is required: PKCE with S256.");
        }
        if (parameters["code_challenge_method"] != Pkce.S256)
        {
            return Fail(OAuthErrors.InvalidRequest, "PKCE S256 required: set code_challenge_method=S256 (plain is not accepted).");
        }
        if (!Pkce.IsValidChallenge(challenge))
        {
            return Fail(OAuthErrors.InvalidRequest, "code_challenge is not a S256 challenge (43 base64url characters).");
        }

        var resources = parameters.All("resource");
        if (resources.Count > 1)
        {
            return Fail(OAuthErrors.InvalidTarget, "Ask for one resource per request.");
        }
        var resource = resources.FirstOrDefault();
        if (resource is not null && !IsValidResource(resource))
        {
            return Fail(OAuthErrors.InvalidTarget, "resource must be an absolute URI without a fragment (RFC 8707).");
        }

        var prompt = Scopes.Parse(parameters["prompt"]);
        if (prompt.Contains("none") && prompt.Count > 1)
        {
            return Fail(OAuthErrors.InvalidRequest, "prompt=none cannot be combined with other prompt values.");
        }
        TimeSpan? maxAge = null;
        if (parameters["max_age"] is { } maxAgeText)
        {
            if (!int.TryParse(maxAgeText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return Fail(OAuthErrors.InvalidRequest, "max_age must be a whole number of seconds.");
            }
            maxAge = TimeSpan.FromSeconds(seconds);
        }

        return new AuthorizationValidation.Valid(new AuthorizationRequest(
            client, redirectUri, supplied is not null, state, GrantableScope(client, parameters["scope"]), resource, challenge,
            parameters["nonce"], prompt, maxAge, query));
    }

    /// <summary>The requested scopes this provider knows and the client may ask for; the rest are dropped (RFC 6749 §3.3).</summary>
    public static string? GrantableScope(OAuthClient client, string? requested)
    {
        var allowed = client.Scope is null ? Scopes.Supported : Scopes.Parse(client.Scope);
        return Scopes.Join(Scopes.Parse(requested ?? client.Scope).Where(s => Scopes.Supported.Contains(s) && allowed.Contains(s)));
    }

    /// <summary>RFC 8707 §2: an absolute URI, without a fragment.</summary>
    public static bool IsValidResource(string resource) =>
        IsAbsoluteUri(resource, out _) && !resource.Contains('#', StringComparison.Ordinal);

    /// <summary>An absolute URI as written: on Unix, .NET would also take `/path` for a file URI.</summary>
    public static bool IsAbsoluteUri(string text, out Uri uri) =>
        Uri.TryCreate(text, UriKind.Absolute, out uri!) && text.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase);
}
