#!/usr/bin/env bash
# Tokens per second at POST /oauth/token (grant_type=client_credentials, a confidential client with HTTP Basic): each
# request goes through OpenIddict, authenticates the client, stores the token's entry and signs a fresh JWT. Runs the Release build of the whole stack (AppHost) on SQLite
# and loads it with wrk (Debian's `wrk` package) through the gateway and straight at the auth service, side by side.
# wrk runs on the same machine, so it competes with the stack for the cores: the numbers are a floor.
# Usage: bench/token-endpoint.sh [seconds=15] [connections=32]   (JWT_ALGORITHM=ES256 to compare algorithms)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-15}
CONNECTIONS=${2:-32}
THREADS=$(( $(nproc) < 2 ? 1 : 2 ))
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 1; }
dotnet build -c Release AppHost/AppHost.csproj -v q -nologo >/dev/null

source bench/lib/stack.sh
trap 'stop_stack' EXIT
# The token endpoint's per-address limit (default 600/min) would cap one load generator; it is off here only. A client
# that may use client_credentials is registered with the registration token (anonymous registration never gets one).
start_stack OAUTH_TOKEN_RATE_LIMIT_PER_MINUTE=0 OAUTH_REGISTRATION_TOKEN=bench-registration-token

registration=$(curl -sf -X POST "$gateway/oauth/register" -H 'Content-Type: application/json' -H 'Authorization: Bearer bench-registration-token' \
  -d '{"client_name":"token bench","grant_types":["client_credentials"],"token_endpoint_auth_method":"client_secret_basic"}')
read -r client_id client_secret < <(python3 -c 'import json,sys; c=json.load(sys.stdin); print(c["client_id"], c["client_secret"])' <<< "$registration")
export BASIC=$(printf '%s:%s' "$client_id" "$client_secret" | base64 -w0)
token=$(curl -sf -X POST "$gateway/oauth/token" -H "Authorization: Basic $BASIC" -d grant_type=client_credentials)
algorithm=$(python3 -c 'import json,sys,base64; t=json.load(sys.stdin)["access_token"].split(".")[0]; print(json.loads(base64.urlsafe_b64decode(t + "=" * (-len(t) % 4)))["alg"])' <<< "$token")

run() { # run <label> <base url>: a short warm-up, then the measured run
  wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -s bench/token-endpoint/client-credentials.lua "$2" >/dev/null
  local result
  result=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -s bench/token-endpoint/client-credentials.lua "$2" | awk '/^RESULT/ {print $2, $3, $4, $5, $6, $7}')
  read -r rps p50 p90 p99 status sockets <<< "$result"
  printf '%-22s %10.0f %8.2f %8.2f %8.2f %8d %8d\n' "$1" "$rps" "$p50" "$p90" "$p99" "$status" "$sockets"
}

out="bench/results/token-endpoint-$(date -u +%Y%m%dT%H%M%SZ).txt"
mkdir -p bench/results
{
  echo "POST /oauth/token, client_credentials, $algorithm-signed JWTs: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s"
  echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB, .NET $(dotnet --version), Release, SQLite"
  printf '%-22s %10s %8s %8s %8s %8s %8s\n' path "tokens/s" "p50 ms" "p90 ms" "p99 ms" "non-200" "sock err"
  run "through the gateway" "$gateway"
  run "auth service directly" "$auth"
} | tee "$out"
echo "written to $out"
