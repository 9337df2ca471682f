#!/usr/bin/env bash
# The catalog's memory with many upstreams and idle MCP sessions (target: 50 upstreams connected and 1,000 idle
# sessions under 300 MB). The Release builds of the services run as plain processes on SQLite (bench/lib/services.sh);
# the upstreams (the tests' C# SDK server) run in a process of their own (bench/McpCall `upstreams N`). Each upstream is
# registered through the gateway (`POST /gateways`, discovered at once over the catalog's pooled session), one virtual
# server offers every tool, then 2025-11-25 clients open sessions (`initialize` + `notifications/initialized`) and leave
# them idle. Prints the catalog's resident memory at each step; writes it to bench/results/.
# Usage: bench/mcp-memory.sh [upstreams=50] [sessions=1000]
set -euo pipefail
cd "$(dirname "$0")/.."
UPSTREAMS=${1:-50}
SESSIONS=${2:-1000}
for tool in curl python3 xargs; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 1; }
done

source bench/lib/services.sh
build_services
dotnet build -c Release bench/McpCall/McpCall.csproj -v q -nologo >/dev/null
work=$(mktemp -d /tmp/mcp-memory-XXXX)
mkfifo "$work/stdin"
dotnet bench/McpCall/bin/Release/net10.0/McpCall.dll upstreams "$UPSTREAMS" <"$work/stdin" >"$work/upstreams.log" 2>&1 &
upstreams_pid=$!
exec 3>"$work/stdin"
cleanup() { exec 3>&-; wait "$upstreams_pid" 2>/dev/null || true; stop_services; rm -rf "$work"; }
trap cleanup EXIT
until grep -q '^READY' "$work/upstreams.log"; do
  kill -0 "$upstreams_pid" 2>/dev/null || { cat "$work/upstreams.log"; exit 1; }
  sleep 0.2
done

start_services PLATFORM_ADMIN_EMAIL=admin@example.com PLATFORM_ADMIN_PASSWORD='Memory-Bench-Admin-1' \
  BASIC_AUTH_USER=admin BASIC_AUTH_PASSWORD=changeme AUTH_ENCRYPTION_SECRET=mcp-memory-bench-secret-0123456789abcdef
basic=(-u admin:changeme)
json=(-H 'Content-Type: application/json')
field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
sleep 3
rss_started=$(process_rss "$catalog")

for url in $(grep '^UPSTREAM=' "$work/upstreams.log" | cut -d= -f2-); do
  curl -sf "${basic[@]}" "${json[@]}" -X POST "$gateway/gateways" \
    -d "{\"name\":\"upstream ${url##*:}\",\"url\":\"$url\",\"transport\":\"streamablehttp\",\"visibility\":\"public\"}" >/dev/null
done
tool_ids() { # every tool id, paged 100 at a time (the API's largest page), as a JSON array
  python3 - "$gateway" <<'PY'
import base64, json, sys, urllib.request
ids, skip = [], 0
while True:
    request = urllib.request.Request(f"{sys.argv[1]}/tools?skip={skip}&limit=100",
        headers={"Authorization": "Basic " + base64.b64encode(b"admin:changeme").decode()})
    page = json.load(urllib.request.urlopen(request))
    ids += [t["id"] for t in page]
    if len(page) < 100:
        break
    skip += 100
print(json.dumps(ids))
PY
}
deadline=$((SECONDS + 120))
until [ "$(tool_ids | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" -ge $((UPSTREAMS * 6)) ]; do
  [ $SECONDS -lt $deadline ] || { echo "the $UPSTREAMS upstreams were not all discovered within 120 s" >&2; exit 1; }
  sleep 1
done
tools=$(tool_ids)
server=$(curl -sf "${basic[@]}" "${json[@]}" -X POST "$gateway/servers" -d "{\"name\":\"memory bench\",\"visibility\":\"public\",\"associated_tools\":$tools}" | field '["id"]')
sleep 3
rss_upstreams=$(process_rss "$catalog")

token=$(curl -sf "${json[@]}" -X POST "$gateway/auth/email/login" -d '{"email":"admin@example.com","password":"Memory-Bench-Admin-1"}' | field '["access_token"]')
open_session() {
  local headers
  headers=$(curl -s -D - -o /dev/null -X POST "$catalog/servers/$server/mcp" -H "Authorization: Bearer $token" "${json[@]}" \
    -H 'Accept: application/json, text/event-stream' \
    -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}')
  local id
  id=$(grep -i '^mcp-session-id:' <<< "$headers" | cut -d' ' -f2 | tr -d '\r')
  [ -n "$id" ] || { echo "initialize opened no session: $headers" >&2; return 1; }
  curl -sf -o /dev/null -X POST "$catalog/servers/$server/mcp" -H "Authorization: Bearer $token" "${json[@]}" \
    -H 'Accept: application/json, text/event-stream' -H "Mcp-Session-Id: $id" -H 'MCP-Protocol-Version: 2025-11-25' \
    -d '{"jsonrpc":"2.0","method":"notifications/initialized"}'
}
export -f open_session
export catalog server token
export json_header='Content-Type: application/json'
started=$SECONDS
seq "$SESSIONS" | xargs -P 8 -I{} bash -c "json=(-H '$json_header'); open_session" >/dev/null
opened_in=$((SECONDS - started))
sleep 10
rss_sessions=$(process_rss "$catalog")
sessions_stored=$(python3 - "$home" <<'PY'
import glob, sqlite3, sys
for path in glob.glob(sys.argv[1] + "/**/*catalog*.db", recursive=True):
    print(sqlite3.connect(path).execute("select count(*) from mcp_sessions").fetchone()[0]); break
else:
    print("?")
PY
)

out="bench/results/mcp-memory-$(date -u +%Y%m%dT%H%M%SZ).txt"
mkdir -p bench/results
{
  echo "catalog memory: $UPSTREAMS upstreams registered and connected, $SESSIONS idle 2025-11-25 sessions (opened in ${opened_in} s, 8 at a time)"
  echo "machine: $(nproc) cores, .NET $(dotnet --version), Release, SQLite; load: $(cut -d' ' -f1-3 /proc/loadavg); sessions stored: $sessions_stored"
  printf '%-48s %8s\n' "catalog resident memory" "MB"
  printf '%-48s %8s\n' "started, nothing registered" "$rss_started"
  printf '%-48s %8s\n' "$UPSTREAMS upstreams connected, $((UPSTREAMS * 6)) tools" "$rss_upstreams"
  printf '%-48s %8s   (target < 300)\n' "+ $SESSIONS idle sessions" "$rss_sessions"
} | tee "$out"
echo "written to $out"
