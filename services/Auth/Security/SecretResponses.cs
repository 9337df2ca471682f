namespace McpGateway.Auth.Security;

public static class SecretResponses
{
    /// <summary>A response that carries a secret (a token, a client secret) is never stored by a cache or a browser.</summary>
    public static void NoStore(this HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
    }
}
