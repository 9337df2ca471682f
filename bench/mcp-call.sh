#!/usr/bin/env bash
# MCP `tools/call` of a trivial tool (`echo`), stateless 2026-07-28 requests loaded with wrk: straight at the upstream
# (the tests' C# SDK server), at the catalog's virtual server (token validation, the per-caller policy, the in-memory
# view, forwarding over the pooled upstream session), and through the gateway (YARP) in front of the catalog. The
# upstream and the catalog share one process (bench/McpCall, Release, Server GC as the service runs); the gateway is its
# own Release process with its production defaults. Loopback ports, SQLite; wrk on the same machine competes for the
# cores, so the numbers are a floor. Each scenario is warmed up first (WARMUP seconds, default 30: the runtime's tiered,
# profile-guided compilation needs that long to reach steady state under this load; the catalog's virtual server, in 5-s
# slices from a cold start, answered 1.6k, 1.7k, 3.4k, 5.6k, then 7.8-8.7k calls/s).
# The floor of any proxy on this machine, for scale: the upstream through YARP with nothing of ours (bench/BareProxy,
# one route, the library's defaults), through two such hops in a row (the gateway + catalog path has two .NET hops), and
# through nginx (Debian's package), none of them reading MCP at all.
# Prints the load average with each run (the machine may be shared).
# Usage: bench/mcp-call.sh [seconds=10] [connections=32]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/services.sh
source bench/lib/baselines.sh
DURATION=${1:-10}
CONNECTIONS=${2:-32}
THREADS=$(( $(nproc) < 2 ? 1 : 2 ))
WARMUP=${WARMUP:-30}
for tool in wrk nginx; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed: apt-get install wrk nginx" >&2; exit 1; }
done
dotnet build -c Release bench/McpCall/McpCall.csproj -v q -nologo >/dev/null
dotnet build -c Release gateway/Gateway.csproj -v q -nologo >/dev/null

work=$(mktemp -d /tmp/mcp-call-XXXX)
mkfifo "$work/stdin"
MCPGATEWAY_HOME="$work" dotnet bench/McpCall/bin/Release/net10.0/McpCall.dll <"$work/stdin" >"$work/host.log" 2>&1 &
host=$!
exec 3>"$work/stdin"
gateway_pid=""
trap 'exec 3>&-; stop_baselines; [ -n "$gateway_pid" ] && kill -TERM $gateway_pid 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"' EXIT
until grep -q '^READY' "$work/host.log"; do
  kill -0 $host 2>/dev/null || { cat "$work/host.log"; exit 1; }
  sleep 0.2
done
value() { grep "^$1=" "$work/host.log" | head -1 | cut -d= -f2-; }
DIRECT=$(value DIRECT); CATALOG=$(value CATALOG); TOKENS=$(value TOKENS); SERVER_ID=$(value SERVER_ID); BEARER=$(value TOKEN)
LARGE_SERVER_ID=$(value LARGE_SERVER_ID); MEMBER_TOKEN=$(value MEMBER_TOKEN)

# The gateway as it runs in production, its three routes' services all at the catalog but the auth service (the bench's
# token issuer); only /servers/... is loaded. Ready once /alive answers (its /health would wait for a real teams service).
gateway_port=$(free_port)
GATEWAY=http://127.0.0.1:$gateway_port
env -u ASPNETCORE_URLS HOST=127.0.0.1 PORT="$gateway_port" LOG_LEVEL=Warning MCPGATEWAY_HOME="$work" \
  services__auth__http__0="$TOKENS" services__teams__http__0="$CATALOG" services__catalog__http__0="$CATALOG" \
  dotnet gateway/bin/Release/net10.0/McpGateway.Gateway.dll >"$work/gateway.log" 2>&1 &
gateway_pid=$!
until curl -sf -o /dev/null "$GATEWAY/alive"; do
  kill -0 $gateway_pid 2>/dev/null || { cat "$work/gateway.log"; exit 1; }
  sleep 0.2
done

start_bare_proxy BARE "$DIRECT"
start_bare_proxy BARE2 "$BARE"
nginx_port=$(free_port)
NGINX=http://127.0.0.1:$nginx_port
start_nginx "
  upstream mcp { server ${DIRECT#http://}; keepalive 64; }
  server {
    listen 127.0.0.1:$nginx_port;
    location / { proxy_pass http://mcp; proxy_http_version 1.1; proxy_set_header Connection \"\"; proxy_buffering off; }
  }"

check() { # check <base url> <path> <tool> <token>: one call answers the tool's result, not an error
  local body
  body=$(curl -s -X POST "$1$2" ${4:+-H "Authorization: Bearer $4"} -H 'Content-Type: application/json' \
    -H 'Accept: application/json, text/event-stream' -H 'MCP-Protocol-Version: 2026-07-28' -H 'Mcp-Method: tools/call' -H "Mcp-Name: $3" \
    -d '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"'"$3"'","arguments":{"message":"hi"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"curl","version":"1"},"io.modelcontextprotocol/clientCapabilities":{}}}}')
  grep -q '"echo: hi"' <<< "$body" || { echo "tools/call at $1$2 did not answer the result: $body" >&2; exit 1; }
}

declare -A rates
ratio() { awk -v a="${rates[$1|$3]}" -v b="${rates[$2|$3]}" 'BEGIN { printf "%.2fx", a / b }'; }
run() { # run <label> <base url> <path> <tool> <token> <connections>
  local result threads=$(( $6 < THREADS ? $6 : THREADS ))
  check "$2" "$3" "$4" "$5"
  MCP_PATH=$3 TOOL=$4 TOKEN=$5 wrk -t"$threads" -c"$6" -d"${WARMUP}s" -s bench/mcp-call/tools-call.lua "$2" >/dev/null
  result=$(MCP_PATH=$3 TOOL=$4 TOKEN=$5 wrk -t"$threads" -c"$6" -d"${DURATION}s" -s bench/mcp-call/tools-call.lua "$2" | awk '/^RESULT/ {print $2, $3, $4, $5, $6, $7}')
  read -r rps p50 p90 p99 status sockets <<< "$result"
  rates["$1|$6"]=$rps
  printf '%-28s %4d %10.0f %8.2f %8.2f %8.2f %8d %8d   load %s\n' "$1" "$6" "$rps" "$p50" "$p90" "$p99" "$status" "$sockets" "$(cut -d' ' -f1-3 /proc/loadavg)"
}

out="bench/results/mcp-call-$(date -u +%Y%m%dT%H%M%SZ).txt"
mkdir -p bench/results
{
  echo "MCP tools/call (echo), stateless 2026-07-28 POSTs: wrk -t$THREADS -d${DURATION}s"
  echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB, .NET $(dotnet --version), Release, SQLite"
  printf '%-28s %4s %10s %8s %8s %8s %8s %8s\n' path conn "calls/s" "p50 ms" "p90 ms" "p99 ms" "non-2xx" "sock err"
  for c in "$CONNECTIONS" 1; do
    run "upstream directly" "$DIRECT" /mcp echo "" "$c"
    run "upstream via bare YARP" "$BARE" /mcp echo "" "$c"
    run "upstream via 2 bare YARPs" "$BARE2" /mcp echo "" "$c"
    run "upstream via nginx" "$NGINX" /mcp echo "" "$c"
    run "catalog virtual server" "$CATALOG" "/servers/$SERVER_ID/mcp" up-echo "$BEARER" "$c"
    run "gateway + catalog" "$GATEWAY" "/servers/$SERVER_ID/mcp" up-echo "$BEARER" "$c"
  done
  for c in "$CONNECTIONS" 1; do
    echo "of upstream directly at $c connections: gateway + catalog $(ratio 'gateway + catalog' 'upstream directly' "$c")$([ "$c" = 1 ] || echo ' (target >= 0.5)')," \
      "catalog $(ratio 'catalog virtual server' 'upstream directly' "$c"); proxies reading no MCP: 2 bare YARPs $(ratio 'upstream via 2 bare YARPs' 'upstream directly' "$c")," \
      "1 bare YARP $(ratio 'upstream via bare YARP' 'upstream directly' "$c"), nginx $(ratio 'upstream via nginx' 'upstream directly' "$c")"
  done
  echo
  echo "MCP tools/list of a virtual server with 500 tools (half public, half team-visible), for a non-admin team member"
  printf '%-28s %4s %10s %8s %8s %8s %8s %8s\n' path conn "lists/s" "p50 ms" "p90 ms" "p99 ms" "non-2xx" "sock err"
  listed=$(curl -s -X POST "$CATALOG/servers/$LARGE_SERVER_ID/mcp" -H "Authorization: Bearer $MEMBER_TOKEN" -H 'Content-Type: application/json' \
    -H 'Accept: application/json, text/event-stream' -H 'MCP-Protocol-Version: 2026-07-28' -H 'Mcp-Method: tools/list' \
    -d '{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"curl","version":"1"},"io.modelcontextprotocol/clientCapabilities":{}}}}' \
)
  tools=$(grep -o '"name":"up-many[0-9]*"' <<< "$listed" | wc -l || true)
  [ "$tools" -eq 500 ] || { echo "tools/list listed $tools tools, not 500: ${listed:0:300}" >&2; exit 1; }
  MCP_PATH="/servers/$LARGE_SERVER_ID/mcp" TOKEN=$MEMBER_TOKEN wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s bench/mcp-call/tools-list.lua "$CATALOG" >/dev/null
  for c in 1 "$CONNECTIONS"; do
    threads=$(( c < THREADS ? c : THREADS ))
    result=$(MCP_PATH="/servers/$LARGE_SERVER_ID/mcp" TOKEN=$MEMBER_TOKEN wrk -t"$threads" -c"$c" -d"${DURATION}s" -s bench/mcp-call/tools-list.lua "$CATALOG" | awk '/^RESULT/ {print $2, $3, $4, $5, $6, $7}')
    read -r rps p50 p90 p99 status sockets <<< "$result"
    printf '%-28s %4d %10.0f %8.2f %8.2f %8.2f %8d %8d   load %s\n' "catalog virtual server" "$c" "$rps" "$p50" "$p90" "$p99" "$status" "$sockets" "$(cut -d' ' -f1-3 /proc/loadavg)"
  done
  echo "catalog process (with the upstream) RSS after the runs: $(( $(awk '/VmRSS/ {print $2}' /proc/$host/status) / 1024 )) MiB"
} | tee "$out"
echo "written to $out"
