namespace McpGateway.Catalog.Federation.Upstream;

/// <summary>
/// Adds a gateway's credentials to every request its connection sends (evaluated per request, so an OAuth token is
/// renewed without reconnecting). Whatever the downstream client sent never gets here: its token stays with us.
/// </summary>
internal sealed class UpstreamAuthenticationHandler(UpstreamEndpoint endpoint, UpstreamAuthHeaders credentials) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        foreach (var (name, value) in await credentials.HeadersAsync(endpoint, cancellationToken))
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            credentials.Forget(endpoint.GatewayId);
        }
        return response;
    }
}
