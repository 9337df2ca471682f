using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;

namespace McpGateway.Mcp.Tests;

/// <summary>MCP messages as JSON, to compare what a virtual server answers with what its upstream answers directly.</summary>
public static class McpJson
{
    /// <summary>
    /// A result as JSON, without the `io.modelcontextprotocol/` keys of its `_meta`: those describe the hop (under
    /// 2026-07-28 each server names itself there), so the upstream's and the virtual server's differ by design.
    /// </summary>
    public static string Of<T>(T value)
    {
        var node = JsonSerializer.SerializeToNode(value, McpJsonUtilities.DefaultOptions);
        if (node is JsonObject { } result && result["_meta"] is JsonObject meta)
        {
            foreach (var key in meta.Select(p => p.Key).Where(k => k.StartsWith("io.modelcontextprotocol/", StringComparison.Ordinal)).ToList())
            {
                meta.Remove(key);
            }
            if (meta.Count == 0)
            {
                result.Remove("_meta");
            }
        }
        return node?.ToJsonString(McpJsonUtilities.DefaultOptions) ?? "null";
    }

    /// <summary>An upstream definition as the virtual server should expose it: the same, under its exposed name.</summary>
    public static string Renamed<T>(T definition, string name)
    {
        var node = JsonSerializer.SerializeToNode(definition, McpJsonUtilities.DefaultOptions)!.AsObject();
        node["name"] = name;
        return node.ToJsonString(McpJsonUtilities.DefaultOptions);
    }
}
