-- wrk script: one MCP `tools/list` per request, stateless (protocol 2026-07-28), at PATH with the bearer TOKEN.
wrk.method = "POST"
wrk.path = os.getenv("MCP_PATH")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["MCP-Protocol-Version"] = "2026-07-28"
wrk.headers["Mcp-Method"] = "tools/list"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{'
  .. '"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",'
  .. '"io.modelcontextprotocol/clientInfo":{"name":"wrk","version":"1"},"io.modelcontextprotocol/clientCapabilities":{}}}}'

dofile("bench/lib/report.lua")
