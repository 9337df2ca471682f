#!/usr/bin/env bash
# Start-up time and idle memory of the whole local stack (AppHost + gateway + three services) on SQLite:
# the time from launching AppHost on an already built tree to a healthy gateway, then each process's resident
# memory after it has idled. Usage: bench/stack.sh [idle-seconds=15]
set -euo pipefail
cd "$(dirname "$0")/.."
IDLE=${1:-15}
dotnet build AppHost/AppHost.csproj -v q -nologo >/dev/null
home=$(mktemp -d /tmp/mcpgw-bench-XXXX)
log="$home/apphost.log"
# Its own process group, so Ctrl+C (SIGINT to the group) reaches `dotnet run` and AppHost alike, as in a terminal.
trap 'kill -INT -- -$apphost 2>/dev/null; wait $apphost 2>/dev/null; rm -rf "$home"' EXIT

start=$(date +%s.%N)
MCPGATEWAY_HOME=$home PORT=0 NO_COLOR=1 setsid dotnet run --project AppHost >"$log" 2>&1 &
apphost=$!
until grep -q "gateway ready:" "$log"; do
  kill -0 $apphost 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.05
done
ready=$(echo "$(date +%s.%N) - $start" | bc)
url=$(grep -o 'gateway ready: [^ ]*' "$log" | cut -d' ' -f3)
curl -sf "$url/health" >/dev/null
sleep "$IDLE"

out="bench/results/stack-$(date -u +%Y%m%dT%H%M%SZ).txt"
mkdir -p bench/results
{
  echo "local stack ($(nproc) cores, $(dotnet --version)): 'dotnet run --project AppHost' on a built tree to a healthy gateway: ${ready} s"
  printf '%-10s %8s\n' process "RSS MB"
  total=0
  # `dotnet run` is only the launcher; AppHost is its child, and the services are AppHost's.
  for pid in $(pgrep -f "McpGateway\.(AppHost|Gateway|Auth|Teams|Catalog)"); do
    name=$(tr '\0' ' ' < /proc/$pid/cmdline | grep -o 'McpGateway\.[A-Za-z]*' | head -1 | cut -d. -f2)
    rss=$(awk '/VmRSS/ {print int($2 / 1024)}' /proc/$pid/status)
    total=$((total + rss))
    printf '%-10s %8d\n' "$name" "$rss"
  done
  printf '%-10s %8d\n' total "$total"
  echo "after ${IDLE} s idle; each /health probed once"
} | tee "$out"
echo "written to $out"
