using System.Text.Json;
using OpenIddict.Abstractions;

namespace McpGateway.Auth.OAuth.Clients;

/// <summary>
/// Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document, the MCP authorization spec's preferred way
/// for a client to identify itself): a `client_id` that is an https URL names the JSON document describing the client.
/// The document is fetched (<see cref="ClientMetadataDocumentFetcher"/>), checked like a registration, and kept as an
/// OpenIddict application whose client_id is the URL, refreshed when its cache time has passed; from then on OpenIddict
/// treats it like any other public client.
/// </summary>
public sealed class ClientMetadataDocuments(
    ClientMetadataDocumentFetcher fetcher, ClientMetadataDocumentSettings settings, IOpenIddictApplicationManager applications, TimeProvider time,
    ILogger<ClientMetadataDocuments> logger)
{
    /// <summary>Whether a client_id is meant as a document URL (anything else is a registered client's id).</summary>
    public static bool IsDocumentUrl(string clientId) =>
        clientId.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || clientId.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Makes sure an application for this URL client_id exists and is fresh. Returns why the document cannot be used, or
    /// null when the application is ready.
    /// </summary>
    public async Task<string?> EnsureApplicationAsync(string clientId, CancellationToken cancellationToken)
    {
        if (!settings.Enabled)
        {
            return "This server does not accept client metadata documents (a URL as client_id); register the client instead.";
        }
        if (Validate(clientId) is { } invalid)
        {
            return invalid;
        }
        var now = time.GetUtcNow();
        var existing = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (existing is not null && await ExpiresAtAsync(existing, cancellationToken) > now)
        {
            return null;
        }

        ClientMetadata metadata;
        FetchedClientMetadataDocument document;
        try
        {
            document = await fetcher.FetchAsync(new Uri(clientId), cancellationToken);
            metadata = Check(clientId, document.Metadata);
        }
        catch (ClientMetadataDocumentException e)
        {
            logger.LogInformation("Client metadata document {ClientId} refused: {Reason}", clientId, e.Message);
            return e.Message;
        }

        var descriptor = ClientApplications.Describe(clientId, metadata, ClientSource.MetadataDocument, secret: null, now);
        descriptor.Properties[ClientApplications.MetadataExpiresAtProperty] = JsonSerializer.SerializeToElement((now + document.CacheDuration).ToUnixTimeSeconds());
        try
        {
            if (existing is null)
            {
                await applications.CreateAsync(descriptor, cancellationToken);
            }
            else
            {
                await applications.PopulateAsync(existing, descriptor, cancellationToken);
                await applications.UpdateAsync(existing, cancellationToken);
            }
        }
        catch (Exception e) when (e is OpenIddictExceptions.ConcurrencyException or Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            // Another request stored the same document at the same moment: its copy is as good as ours.
            logger.LogDebug(e, "Client metadata document {ClientId} was stored concurrently", clientId);
        }
        return null;
    }

    /// <summary>The client_id URL's own rules: https, a path, no fragment, user info or dot segments.</summary>
    private string? Validate(string clientId)
    {
        if (clientId.Length > RedirectUris.MaxLength || !RedirectUris.IsAbsolute(clientId, out var url))
        {
            return "The client_id is not a valid URL.";
        }
        var https = url.Scheme == Uri.UriSchemeHttps && clientId.StartsWith("https://", StringComparison.Ordinal);
        var plainAllowed = settings.AllowPrivateAddresses && url.Scheme == Uri.UriSchemeHttp && clientId.StartsWith("http://", StringComparison.Ordinal);
        if (!https && !plainAllowed)
        {
            return "A client_id URL must use https.";
        }
        var path = clientId[(clientId.IndexOf("//", StringComparison.Ordinal) + 2)..];
        path = path.IndexOf('/') is var slash and >= 0 ? path[slash..] : "";
        if (path.Length <= 1 || clientId.Contains('#', StringComparison.Ordinal) || !string.IsNullOrEmpty(url.UserInfo)
            || path.Split('?')[0].Split('/').Any(segment => segment is "." or ".."))
        {
            return "A client_id URL must have a path and no fragment, user info or dot segments.";
        }
        return null;
    }

    private static ClientMetadata Check(string clientId, JsonElement document)
    {
        if (document.ValueKind != JsonValueKind.Object
            || !document.TryGetProperty("client_id", out var named) || named.ValueKind != JsonValueKind.String || named.GetString() != clientId)
        {
            throw new ClientMetadataDocumentException("The client metadata document's client_id is not exactly its own URL.");
        }
        if (document.TryGetProperty("client_secret", out _) || document.TryGetProperty("client_secret_expires_at", out _))
        {
            throw new ClientMetadataDocumentException("A client metadata document must not carry a client secret.");
        }
        var result = ClientMetadata.Read(document, ClientSource.MetadataDocument);
        return result.Metadata ?? throw new ClientMetadataDocumentException($"The client metadata document is not acceptable: {result.ErrorDescription}");
    }

    private async ValueTask<DateTimeOffset> ExpiresAtAsync(object application, CancellationToken cancellationToken) =>
        (await applications.GetPropertiesAsync(application, cancellationToken)).TryGetValue(ClientApplications.MetadataExpiresAtProperty, out var value)
        && value.TryGetInt64(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.MinValue;
}
