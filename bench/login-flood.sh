#!/usr/bin/env bash
# Password guessing must not be a denial-of-service lever: while wrk floods POST /auth/email/login with wrong passwords,
# then HTTP Basic with a wrong password for the configured pair, another route of the same auth service must keep its
# latency. Runs the Release stack (AppHost) on SQLite and measures that route alone, then during each flood, side by side;
# once with the login rate limits off (only the bounded hashing concurrency protects the service: the worst case) and
# once with the defaults (which Basic meets too).
# wrk runs on the same two cores as the stack, so the flood also competes for CPU: the numbers are a floor.
# Usage: bench/login-flood.sh [seconds=15] [flood connections=64]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-15}
FLOOD=${2:-64}
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 1; }
dotnet build -c Release AppHost/AppHost.csproj -v q -nologo >/dev/null

source bench/lib/stack.sh
trap 'stop_stack' EXIT

wrk_result() { # wrk_result <connections> <script>: prints "rps p50 p90 p99 non2xx sockerr"
  wrk -t1 -c"$1" -d"${DURATION}s" -s "bench/login-flood/$2" "$gateway" | awk '/^RESULT/ {print $2, $3, $4, $5, $6, $7}'
}

row() { printf '%-52s %10.0f %8.2f %8.2f %8.2f %8d\n' "$1" $2 $3 $4 $5 $6; }

flood() { # flood <label> <flood script> <what>: the other route measured while the flood runs, then the flood itself
  wrk_result "$FLOOD" "$2" > "$home/flood.txt" &
  local flood=$!
  sleep 1
  read -r rps p50 p90 p99 bad _ <<< "$(wrk_result 4 probe.lua)"
  wait $flood
  row "$1: other route during the $3 flood" "$rps" "$p50" "$p90" "$p99" "$bad"
  read -r rps p50 p90 p99 bad _ < "$home/flood.txt"
  row "$1: the flood ($3)" "$rps" "$p50" "$p90" "$p99" "$bad"
}

scenario() { # scenario <label> <env...>
  local label=$1; shift
  start_stack PLATFORM_ADMIN_PASSWORD=bench-password-1 BASIC_AUTH_USER=admin BASIC_AUTH_PASSWORD=bench-basic-password "$@"
  wrk -t1 -c4 -d3s -s bench/login-flood/probe.lua "$gateway" >/dev/null # warm-up
  read -r rps p50 p90 p99 bad _ <<< "$(wrk_result 4 probe.lua)"
  row "$label: other route alone" "$rps" "$p50" "$p90" "$p99" "$bad"
  flood "$label" wrong-password.lua "login"
  flood "$label" wrong-basic.lua "Basic"
  stop_stack
}

out="bench/results/login-flood-$(date -u +%Y%m%dT%H%M%SZ).txt"
mkdir -p bench/results
{
  echo "wrong-password floods (login API, then HTTP Basic; wrk -c$FLOOD) vs GET /auth/sso/providers (wrk -c4), ${DURATION}s each, through the gateway"
  echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), .NET $(dotnet --version), Release, SQLite"
  printf '%-52s %10s %8s %8s %8s %8s\n' run "req/s" "p50 ms" "p90 ms" "p99 ms" "non-2xx"
  scenario "rate limits off" LOGIN_RATE_LIMIT_PER_MINUTE=0 LOGIN_RATE_LIMIT_GLOBAL_PER_MINUTE=0
  scenario "default rate limits"
} | tee "$out"
echo "written to $out"
