#!/usr/bin/env bash
# What the gateway hop costs. The Release builds of the services and the gateway run as plain processes on SQLite;
# wrk (32 connections by default) loads, side by side in one run, alternating scenario by scenario for several rounds:
#  (a) GET /rbac/permissions/available with a valid bearer token: straight at the teams service, through our gateway,
#      through YARP with nothing of ours (bench/BareProxy: one route, the library's defaults), so what the gateway costs
#      beyond its library shows, and through nginx (Debian's package, a private instance with a generated config) as a
#      reverse proxy on the same hop; and through a second gateway that exports telemetry (OTLP to a sink), to show what
#      telemetry costs when on;
#  (b) an anonymous endpoint, the auth service's discovery document, without and with a valid bearer token, straight
#      and through the gateway: a token must cost nothing where no endpoint asks for it;
#  (c) (a) again with one connection: the latency a hop adds when nothing queues.
# Prints the median of the rounds (throughput, p50/p99 latency), the ratios the targets are about and the resident
# memory of the four processes idle and after the load; writes it all to bench/results/.
# wrk shares the cores with everything it measures: compare rows of one run, not runs of different days.
# Usage: bench/gateway-hop.sh [seconds=10] [connections=32] [rounds=3]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
CONNECTIONS=${2:-32}
ROUNDS=${3:-3}
THREADS=$(( $(nproc) < 2 ? 1 : 2 ))
for tool in wrk nginx curl python3; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed (apt-get install wrk nginx curl)" >&2; exit 1; }
done

source bench/lib/services.sh
source bench/lib/baselines.sh
build_services
cleanup() {
  stop_baselines
  stop_services; sleep 0.5
}
trap cleanup EXIT

password='Gateway-Hop-Bench-1'
start_services PLATFORM_ADMIN_EMAIL=admin@example.com PLATFORM_ADMIN_PASSWORD="$password"

# The private nginx: the same hop as the gateway (keep-alive to the services, X-Forwarded-*, the original Host), and
# an OTLP sink for the telemetry-on gateway that answers every export with 200.
nginx_port=$(free_port)
start_nginx "
  upstream teams { server ${teams#http://}; keepalive 64; }
  upstream auth { server ${auth#http://}; keepalive 64; }
  proxy_http_version 1.1;
  proxy_set_header Connection \"\";
  proxy_set_header Host \$host;
  proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
  proxy_set_header X-Forwarded-Proto \$scheme;
  proxy_set_header X-Forwarded-Host \$host;
  server {
    listen 127.0.0.1:$nginx_port;
    location /rbac/ { proxy_pass http://teams; }
    location /.well-known/openid-configuration { proxy_pass http://auth; }
    location /v1/ { return 200; }
  }"
nginx=http://127.0.0.1:$nginx_port
start_bare_proxy bare "$teams"
start_gateway traced OTEL_EXPORTER_OTLP_ENDPOINT="$nginx" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
  OTEL_BSP_SCHEDULE_DELAY=1000 OTEL_METRIC_EXPORT_INTERVAL=5000

login=$(curl -sf -X POST "$auth/auth/email/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"admin@example.com\",\"password\":\"$password\"}")
token=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])' <<< "$login")
bearer="Authorization: Bearer $token"
permissions=/rbac/permissions/available
discovery=/.well-known/openid-configuration
for url in "$teams" "$gateway" "$bare" "$nginx" "$traced"; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "$bearer" "$url$permissions")
  [ "$status" = 200 ] || { echo "GET $url$permissions with the token answered $status" >&2; exit 1; }
done

sleep 5
idle_rss=()
for url in "$auth" "$teams" "$catalog" "$gateway"; do idle_rss+=("$(process_rss "$url")"); done

# scenario label | base URL | path | with the token? | connections
scenarios=(
  "teams direct|$teams|$permissions|yes|$CONNECTIONS"
  "teams via gateway|$gateway|$permissions|yes|$CONNECTIONS"
  "teams via bare YARP|$bare|$permissions|yes|$CONNECTIONS"
  "teams via nginx|$nginx|$permissions|yes|$CONNECTIONS"
  "teams via gateway, OTLP on|$traced|$permissions|yes|$CONNECTIONS"
  "discovery direct|$auth|$discovery|no|$CONNECTIONS"
  "discovery direct + token|$auth|$discovery|yes|$CONNECTIONS"
  "discovery via gateway|$gateway|$discovery|no|$CONNECTIONS"
  "discovery via gateway + token|$gateway|$discovery|yes|$CONNECTIONS"
  "teams direct, 1 conn|$teams|$permissions|yes|1"
  "teams via gateway, 1 conn|$gateway|$permissions|yes|1"
  "teams via bare YARP, 1 conn|$bare|$permissions|yes|1"
  "teams via nginx, 1 conn|$nginx|$permissions|yes|1"
)

load() { # load <seconds> <url> <with token?> <connections>: prints "<req/s> <p50> <p90> <p99> <non-2xx> <socket errors>"
  local header=()
  [ "$3" = yes ] && header=(-H "$bearer")
  wrk -t"$(( $4 < THREADS ? $4 : THREADS ))" -c"$4" -d"$1s" "${header[@]}" -s bench/lib/report.lua "$2" | awk '/^RESULT/ {print $2, $3, $4, $5, $6, $7}'
}

results=$(mktemp)
for entry in "${scenarios[@]}"; do
  IFS='|' read -r label base path with connections <<< "$entry"
  load 2 "$base$path" "$with" "$connections" >/dev/null
done
for round in $(seq 1 "$ROUNDS"); do
  for entry in "${scenarios[@]}"; do
    IFS='|' read -r label base path with connections <<< "$entry"
    echo "$label|$(load "$DURATION" "$base$path" "$with" "$connections")" >>"$results"
  done
done
loaded_rss=()
for url in "$auth" "$teams" "$catalog" "$gateway"; do loaded_rss+=("$(process_rss "$url")"); done

out="bench/results/gateway-hop-$(date -u +%Y%m%dT%H%M%SZ).txt"
mkdir -p bench/results
{
  echo "gateway hop: wrk -t$THREADS -c$CONNECTIONS, ${DURATION}s per scenario, $ROUNDS rounds alternating, median shown"
  echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB, .NET $(dotnet --version), $(nginx -v 2>&1 | cut -d/ -f2), Release, SQLite; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  python3 - "$results" "$ROUNDS" "${scenarios[@]}" <<'PY'
import statistics, sys
path, rounds, labels = sys.argv[1], int(sys.argv[2]), [s.split('|')[0] for s in sys.argv[3:]]
runs = {}
for line in open(path):
    label, values = line.rstrip('\n').split('|')
    runs.setdefault(label, []).append([float(v) for v in values.split()])
med = {l: [statistics.median(r[i] for r in runs[l]) for i in range(6)] for l in labels}
print(f"{'scenario':32} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} {'sock err':>8}   req/s of each round")
for l in labels:
    rps, p50, p90, p99, bad, sock = med[l]
    print(f"{l:32} {rps:9.0f} {p50:8.2f} {p99:8.2f} {bad:8.0f} {sock:8.0f}   " + " ".join(f"{r[0]:.0f}" for r in runs[l]))
def ratio(a, b): return med[a][0] / med[b][0]
print()
print(f"gateway / direct throughput      {ratio('teams via gateway', 'teams direct'):5.2f}x   (target >= 0.60)")
print(f"bare YARP / direct throughput    {ratio('teams via bare YARP', 'teams direct'):5.2f}x")
print(f"nginx / direct throughput        {ratio('teams via nginx', 'teams direct'):5.2f}x")
print(f"gateway / bare YARP throughput   {ratio('teams via gateway', 'teams via bare YARP'):5.2f}x   (what our code costs beyond the library)")
print(f"gateway / nginx throughput       {ratio('teams via gateway', 'teams via nginx'):5.2f}x   (target >= 1.00)")
print(f"p50 added by the gateway         {med['teams via gateway'][1] - med['teams direct'][1]:5.2f} ms at {sys.argv[3].split('|')[4]} connections, "
      f"{med['teams via gateway, 1 conn'][1] - med['teams direct, 1 conn'][1]:.2f} ms at 1 (target <= 0.50; nginx adds "
      f"{med['teams via nginx'][1] - med['teams direct'][1]:.2f} and {med['teams via nginx, 1 conn'][1] - med['teams direct, 1 conn'][1]:.2f} ms, "
      f"bare YARP {med['teams via bare YARP'][1] - med['teams direct'][1]:.2f} and {med['teams via bare YARP, 1 conn'][1] - med['teams direct, 1 conn'][1]:.2f} ms)")
print(f"gateway with OTLP on / off       {ratio('teams via gateway, OTLP on', 'teams via gateway'):5.2f}x")
print(f"anonymous + token / without      {ratio('discovery direct + token', 'discovery direct'):5.2f}x direct, "
      f"{ratio('discovery via gateway + token', 'discovery via gateway'):.2f}x via the gateway   (target >= 0.90)")
PY
  printf '\n%-10s %8s %8s %8s %8s %8s\n' "RSS MB" auth teams catalog gateway total
  printf '%-10s %8s %8s %8s %8s %8s\n' idle "${idle_rss[@]}" $(( idle_rss[0] + idle_rss[1] + idle_rss[2] + idle_rss[3] ))
  printf '%-10s %8s %8s %8s %8s %8s\n' "after load" "${loaded_rss[@]}" $(( loaded_rss[0] + loaded_rss[1] + loaded_rss[2] + loaded_rss[3] ))
} | tee "$out"
rm -f "$results"
echo "written to $out"
