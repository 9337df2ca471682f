-- wrk script: one MCP `tools/call` per request, stateless (protocol 2026-07-28: no session, the revision's headers
-- and `_meta`), of the trivial tool TOOL at PATH; TOKEN, when set, as the bearer token.
local tool = os.getenv("TOOL")
wrk.method = "POST"
wrk.path = os.getenv("MCP_PATH")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["MCP-Protocol-Version"] = "2026-07-28"
wrk.headers["Mcp-Method"] = "tools/call"
wrk.headers["Mcp-Name"] = tool
if os.getenv("TOKEN") ~= nil and os.getenv("TOKEN") ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
end
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"' .. tool .. '","arguments":{"message":"hi"},'
  .. '"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",'
  .. '"io.modelcontextprotocol/clientInfo":{"name":"wrk","version":"1"},"io.modelcontextprotocol/clientCapabilities":{}}}}'

dofile("bench/lib/report.lua")
