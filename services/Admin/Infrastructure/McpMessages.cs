using System.Text.Json;

namespace McpGateway.Admin.Infrastructure;

/// <summary>The JSON-RPC of a stateless MCP request (revision 2026-07-28: the client describes itself in `_meta`).</summary>
public static class McpMessages
{
    public const string ProtocolVersion = "2026-07-28";
    private const int RequestId = 1;

    public static object Request(string method, object @params)
    {
        var withMeta = JsonSerializer.SerializeToNode(@params)!.AsObject();
        withMeta["_meta"] = new System.Text.Json.Nodes.JsonObject
        {
            ["io.modelcontextprotocol/protocolVersion"] = ProtocolVersion,
            ["io.modelcontextprotocol/clientInfo"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "mcpgateway-admin", ["version"] = "1" },
            ["io.modelcontextprotocol/clientCapabilities"] = new System.Text.Json.Nodes.JsonObject(),
        };
        return new { jsonrpc = "2.0", id = RequestId, method, @params = withMeta };
    }

    /// <summary>
    /// The response to our request: the body itself (JSON), or the event carrying it (an event stream may send
    /// notifications, such as progress, first). Null when there is none.
    /// </summary>
    public static JsonElement? Response(string body, string? mediaType)
    {
        var candidates = mediaType == "text/event-stream"
            ? body.Split('\n').Where(line => line.StartsWith("data:", StringComparison.Ordinal)).Select(line => line[5..].Trim())
            : [body];
        foreach (var candidate in candidates)
        {
            try
            {
                using var document = JsonDocument.Parse(candidate);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out var id)
                    && id.ValueKind == JsonValueKind.Number && id.GetInt32() == RequestId)
                {
                    return root.Clone();
                }
            }
            catch (JsonException)
            {
                // Not a message of ours (a partial line or a comment): keep reading.
            }
        }
        return null;
    }
}
