using System.Net.Http.Headers;
using ModelContextProtocol.Client;

namespace McpGateway.Mcp.Tests;

/// <summary>MCP clients (the official C# SDK's) over Streamable HTTP, for a virtual server or an upstream directly.</summary>
public static class McpClients
{
    public static async Task<McpClient> ConnectAsync(HttpClient http, string path, string? token, string? protocolVersion = null)
    {
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        var endpoint = http.BaseAddress is null ? new Uri(path) : new Uri(http.BaseAddress, path);
        var transport = new HttpClientTransport(new HttpClientTransportOptions { Endpoint = endpoint, TransportMode = HttpTransportMode.StreamableHttp },
            http, ownsHttpClient: true);
        // A pinned 2026-07-28 client never falls back, so a server/discover slower than the SDK's short probe timeout on a
        // busy machine would fail as "requires the initialize handshake": give the probe the whole initialization budget.
        var options = new McpClientOptions { ProtocolVersion = protocolVersion, DiscoverProbeTimeout = TimeSpan.FromSeconds(60) };
        return await McpClient.CreateAsync(transport, options, cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>A client straight to an upstream server, with its credential.</summary>
    public static Task<McpClient> DirectAsync(Uri endpoint, string authorization, string? protocolVersion = null)
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        return ConnectAsync(http, endpoint.AbsoluteUri, token: null, protocolVersion);
    }
}
