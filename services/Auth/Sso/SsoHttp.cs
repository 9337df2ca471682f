using System.Net;

namespace McpGateway.Auth.Sso;

/// <summary>The HTTP client the gateway calls identity providers with (token, userinfo, discovery, GitHub's API).</summary>
public static class SsoHttp
{
    public const string ClientName = "sso";

    public static void AddSsoHttpClient(this IServiceCollection services) =>
        services.AddHttpClient(ClientName, client =>
        {
            client.Timeout = TimeSpan.FromSeconds(15);
            // GitHub's API refuses requests without a User-Agent.
            client.DefaultRequestHeaders.UserAgent.ParseAdd("mcp-gateway-sso/1.0");
        }).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });

    /// <summary>Plain http is accepted only for a provider on this machine (development, tests); anywhere else it must be https.</summary>
    public static bool IsLoopback(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && (uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip)));
}
