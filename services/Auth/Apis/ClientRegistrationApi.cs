using System.Text.Json;
using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.OAuth;

namespace McpGateway.Auth.Apis;

/// <summary>
/// Dynamic client registration (RFC 7591), open to anyone as the MCP authorization spec expects, hence rate-limited
/// per address; every client it creates is asked for the user's consent before it gets a code.
/// </summary>
public static class ClientRegistrationApi
{
    private const int MaxBodyBytes = 64 * 1024;

    public static async Task<OAuthJsonResult> RegisterAsync(HttpContext context, AuthContext db, OAuthRateLimits rateLimits, TimeProvider time)
    {
        if (!rateLimits.TryAcquire(OAuthRateLimits.Policy.Registration, context, out var retryAfter))
        {
            return OAuthJsonResult.RateLimited(retryAfter);
        }
        if (!context.Request.HasJsonContentType())
        {
            return OAuthJsonResult.Error(OAuthErrors.InvalidClientMetadata, "Send the client metadata as application/json.");
        }
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return OAuthJsonResult.Error(OAuthErrors.InvalidClientMetadata, $"The client metadata may be at most {MaxBodyBytes / 1024} KiB.");
        }
        JsonElement metadata;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            metadata = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return OAuthJsonResult.Error(OAuthErrors.InvalidClientMetadata, "The body is not valid JSON.");
        }

        var outcome = ClientRegistration.Register(metadata, time.GetUtcNow().UtcDateTime);
        if (outcome.Error is not null)
        {
            return outcome.Error;
        }
        db.OAuthClients.Add(outcome.Client!);
        await db.SaveChangesAsync(context.RequestAborted);
        return new OAuthJsonResult(StatusCodes.Status201Created, ClientRegistration.Response(outcome.Client!, outcome.Secret));
    }
}
