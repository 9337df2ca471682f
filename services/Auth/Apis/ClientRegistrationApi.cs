using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using McpGateway.Auth.OAuth;
using McpGateway.Auth.OAuth.Clients;
using McpGateway.Auth.Security;
using OpenIddict.Abstractions;

namespace McpGateway.Auth.Apis;

/// <summary>
/// Dynamic client registration (RFC 7591) on OpenIddict's application manager, which OpenIddict itself does not offer.
/// Open to anyone, as the MCP authorization spec expects (rate-limited per address by <see cref="OAuthRequestGuard"/>),
/// unless OAUTH_REGISTRATION_TOKEN asks for an initial access token. A client registered without that token never gets
/// `client_credentials`, whose tokens act without any user; every registered client is asked the user's consent.
/// </summary>
public static class ClientRegistrationApi
{
    private const int MaxBodyBytes = 64 * 1024;

    public static async Task<OAuthJsonResult> RegisterAsync(HttpContext context, IOpenIddictApplicationManager applications, AuthSettings settings,
        TimeProvider time)
    {
        var source = ClientSource.OpenRegistration;
        if (settings.RegistrationToken is { } expected)
        {
            if (!PresentsToken(context, expected))
            {
                return OAuthJsonResult.Error("invalid_token", "Registration needs the initial access token (Authorization: Bearer <OAUTH_REGISTRATION_TOKEN>).",
                    StatusCodes.Status401Unauthorized) with { WwwAuthenticate = "Bearer error=\"invalid_token\"" };
            }
            source = ClientSource.AuthorizedRegistration;
        }
        if (!context.Request.HasJsonContentType())
        {
            return OAuthJsonResult.Error("invalid_client_metadata", "Send the client metadata as application/json.");
        }
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return OAuthJsonResult.Error("invalid_client_metadata", $"The client metadata may be at most {MaxBodyBytes / 1024} KiB.");
        }
        JsonElement body;
        try
        {
            using var bounded = new MemoryStream();
            await context.Request.Body.CopyToAsync(bounded, context.RequestAborted);
            if (bounded.Length > MaxBodyBytes)
            {
                return OAuthJsonResult.Error("invalid_client_metadata", $"The client metadata may be at most {MaxBodyBytes / 1024} KiB.");
            }
            using var document = JsonDocument.Parse(bounded.ToArray());
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return OAuthJsonResult.Error("invalid_client_metadata", "The body is not valid JSON.");
        }

        var read = ClientMetadata.Read(body, source);
        if (read.Metadata is not { } metadata)
        {
            return OAuthJsonResult.Error(read.Error!, read.ErrorDescription!);
        }
        var now = time.GetUtcNow();
        var clientId = ClientSecrets.New()[..22];
        var secret = metadata.IsPublic ? null : ClientSecrets.New();
        await applications.CreateAsync(ClientApplications.Describe(clientId, metadata, source, secret, now), context.RequestAborted);
        return new OAuthJsonResult(StatusCodes.Status201Created, ClientApplications.RegistrationResponse(clientId, metadata, secret, now));
    }

    private static bool PresentsToken(HttpContext context, string expected)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(
                SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim())), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }
}
