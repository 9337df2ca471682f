using Microsoft.AspNetCore;
using McpGateway.Auth.OAuth.Clients;
using McpGateway.Auth.OAuth.Pages;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace McpGateway.Auth.Apis;

/// <summary>
/// An authorization request OpenIddict refused (it hands the error on, `EnableErrorPassthrough`) is answered as RFC 6749
/// §4.1.2.1 says: when the client and its redirect_uri are verified, the error goes back to the client with `state` and
/// `iss` (RFC 9207); when either is missing or wrong, the user sees a page and is never redirected to an address nobody
/// verified.
/// </summary>
internal static class AuthorizationErrors
{
    public static async Task<Results<HtmlPageResult, SignInHttpResult, ForbidHttpResult, RedirectHttpResult>?> RefusalAsync(
        HttpContext context, AuthorizationServices services)
    {
        if (context.GetOpenIddictServerResponse() is not { Error: { } error } response)
        {
            return null;
        }
        var request = context.GetOpenIddictServerRequest();
        var (redirectUri, problem) = await VerifiedRedirectUriAsync(request, error, response.ErrorDescription, services, context.RequestAborted);
        if (redirectUri is null)
        {
            return OAuthPages.Error(problem!);
        }
        var parameters = new Dictionary<string, string?>
        {
            [Parameters.Error] = error,
            [Parameters.ErrorDescription] = response.ErrorDescription,
            [Parameters.State] = request!.State,
            [Parameters.Iss] = services.Settings.Issuer,
        };
        return TypedResults.Redirect(QueryHelpers.AddQueryString(redirectUri, parameters.Where(p => p.Value is not null)));
    }

    /// <summary>The redirect_uri an error may be sent to, or why there is none (a sentence for the user).</summary>
    private static async Task<(string? RedirectUri, string? Problem)> VerifiedRedirectUriAsync(OpenIddictRequest? request, string error,
        string? description, AuthorizationServices services, CancellationToken cancellationToken)
    {
        if (request?.ClientId is not { Length: > 0 } clientId)
        {
            return (null, "The request does not say which application is asking (client_id is missing).");
        }
        var client = ClientMetadataDocuments.IsDocumentUrl(clientId) && error == Errors.InvalidClient
            ? null
            : await services.Applications.FindByClientIdAsync(clientId, cancellationToken);
        if (client is null)
        {
            return ClientMetadataDocuments.IsDocumentUrl(clientId)
                ? (null, $"The application's client_id is a metadata document that cannot be used: {description}")
                : (null, "The application that sent you here is not registered with this gateway (unknown client_id).");
        }
        if (request.RedirectUri is { Length: > 0 } requested)
        {
            return await services.Applications.ValidateRedirectUriAsync(client, requested, cancellationToken)
                ? (requested, null)
                : (null, "The address the application asked to be sent back to (redirect_uri) is not one it registered.");
        }
        var registered = await services.Applications.GetRedirectUrisAsync(client, cancellationToken);
        return registered is [var only] && !request.HasScope(Scopes.OpenId)
            ? (only, null)
            : (null, "The request does not say where to send you back (redirect_uri is missing), as OpenID Connect requires or the application's several addresses make necessary.");
    }
}
