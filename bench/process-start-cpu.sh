#!/usr/bin/env bash
# The CPU one service process spends from exec to its first 200 on /health (user+sys from /proc/<pid>/stat at that
# moment), as built (bin/Debug, IL only) and as its image holds it (published ReadyToRun by tests/Deploy.Tests into
# $TMPDIR/mcpgw-images/<source state>/: run bench/k8s-cold-start.sh or the replica test once first). On SQLite in a fresh
# home, no RabbitMQ (the local bus). CPU seconds hardly depend on what else runs on the machine; wall seconds do.
# Usage: bench/process-start-cpu.sh [rounds=3]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
images=$(ls -td "${TMPDIR:-/tmp}"/mcpgw-images/*/ | head -1)
[ -f "$images/teams/McpGateway.Teams.dll" ] || { echo "no published images under ${TMPDIR:-/tmp}/mcpgw-images: run bench/k8s-cold-start.sh first" >&2; exit 1; }
work=$(mktemp -d /tmp/mcpgw-startcpu-XXXX)
trap 'rm -rf "$work"' EXIT
measure() { # measure <label> <dll>
  local home port pid start wall cpu
  home=$(mktemp -d "$work/home-XXXX")
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  start=$(date +%s.%N)
  env -i PATH="$PATH" HOME="$home" MCPGATEWAY_HOME="$home" JWT_ISSUER=http://127.0.0.1:4444 services__auth__http__0=http://127.0.0.1:1 \
    ASPNETCORE_URLS="http://127.0.0.1:$port" LOG_LEVEL=Warning dotnet "$2" >"$home/log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health"; do
    kill -0 $pid 2>/dev/null || { echo "$1 exited:"; tail -5 "$home/log"; exit 1; }
    sleep 0.1
  done
  wall=$(echo "$(date +%s.%N) - $start" | bc)
  cpu=$(awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$pid/stat")
  kill $pid; wait $pid 2>/dev/null || true
  printf '%-24s wall %6.1f s   cpu %5.2f s   load average %s\n' "$1" "$wall" "$cpu" "$(cut -d' ' -f1 /proc/loadavg)"
}
out="bench/results/process-start-cpu-$(date -u +%Y%m%dT%H%M%SZ).txt"
mkdir -p bench/results
{
  echo "one process, exec to /health 200 ($(nproc) cores, dotnet $(dotnet --version)); images from $images"
  for round in $(seq 1 "$ROUNDS"); do
    for service in Auth Teams Catalog; do
      measure "${service,,} build (Debug)" "services/$service/bin/Debug/net10.0/McpGateway.$service.dll"
      measure "${service,,} image (ReadyToRun)" "$images/${service,,}/McpGateway.$service.dll"
    done
  done
} | tee "$out"
