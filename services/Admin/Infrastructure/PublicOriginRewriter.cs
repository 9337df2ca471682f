using McpGateway.Admin.Extensions;

namespace McpGateway.Admin.Infrastructure;

/// <summary>
/// The provider's metadata names its endpoints on the public origin (the issuer). When `ADMIN_API_URL` points this app at
/// the gateway's in-cluster address, back-channel calls (token, JWKS) go there instead, still carrying the public host, so
/// a cluster need not route its own public address back in.
/// </summary>
public sealed class PublicOriginRewriter(AdminSettings settings) : DelegatingHandler
{
    public const string ClientName = "oidc-backchannel";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var origin = new Uri(settings.PublicOrigin + "/");
        if (request.RequestUri is { } uri && origin != settings.ApiBaseAddress && origin.IsBaseOf(uri))
        {
            request.RequestUri = new Uri(settings.ApiBaseAddress, origin.MakeRelativeUri(uri));
            request.Headers.Host = origin.Authority;
        }
        return base.SendAsync(request, cancellationToken);
    }
}
