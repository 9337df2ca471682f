#!/usr/bin/env bash
# The catalog at size: an import of an export with 5,000 tools (target: under 10 s), then `GET /tools` (first page,
# 50 tools, and a deeper page) through the gateway as a non-admin member of 3 teams (target: p50 under 10 ms).
# The 5,000 tools are spread so visibility matters: a quarter `team` in the member's 3 teams, a quarter `public`, a
# quarter `team` in a team the member is not in, a quarter `private` to the admin; the member sees half. Visibility is
# decided in SQL (team ids from the policy projection + owner + public) and the page is cut there.
# The Release builds run as plain processes on SQLite (bench/lib/services.sh); wrk loads one endpoint at a time.
# Usage: bench/catalog-list.sh [tools=5000] [seconds=10] [connections=1,8]
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS=${1:-5000}
DURATION=${2:-10}
CONNECTIONS=${3:-1,8}
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed (apt-get install wrk curl)" >&2; exit 1; }
done

source bench/lib/services.sh
build_services
work=$(mktemp -d /tmp/mcpgw-catalog-bench-XXXX)
cleanup() { stop_services; rm -rf "$work"; }
trap cleanup EXIT

password='Catalog-Bench-Admin-1'
start_services PLATFORM_ADMIN_EMAIL=admin@example.com PLATFORM_ADMIN_PASSWORD="$password" BASIC_AUTH_USER=admin BASIC_AUTH_PASSWORD=changeme
basic=(-u admin:changeme)
json=(-H 'Content-Type: application/json')
field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

curl -sf "${basic[@]}" "${json[@]}" -X POST "$gateway/auth/email/admin/users" \
  -d '{"email":"member@example.com","password":"Catalog-Bench-Member-1","full_name":"Member"}' >/dev/null
member=$(curl -sf "${json[@]}" -X POST "$gateway/auth/email/login" -d '{"email":"member@example.com","password":"Catalog-Bench-Member-1"}' | field '["access_token"]')
teams=()
for i in 1 2 3; do
  teams+=("$(curl -sf -H "Authorization: Bearer $member" "${json[@]}" -X POST "$gateway/teams" -d "{\"name\":\"Member team $i\"}" | field '["id"]')")
done
other=$(curl -sf "${basic[@]}" "${json[@]}" -X POST "$gateway/teams" -d '{"name":"Not the member s team"}' | field '["id"]')

# The catalog learns teams from the teams service's events: wait until it can place a tool in each.
deadline=$((SECONDS + 60))
for team in "${teams[@]}" "$other"; do
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "${basic[@]}" "${json[@]}" -X POST "$gateway/tools" \
      -d "{\"name\":\"probe-$team\",\"url\":\"https://probe.example.com\",\"team_id\":\"$team\"}")" = 201 ]; do
    [ $SECONDS -lt $deadline ] || { echo "the catalog never learnt team $team" >&2; exit 1; }
    sleep 0.2
  done
done

python3 - "$TOOLS" "$work/export.json" "$other" "${teams[@]}" <<'PY'
import json, sys
count, path, other, teams = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
tools = []
for i in range(count):
    kind = i % 4
    team, visibility = [(teams[i % 3], "team"), (None, "public"), (other, "team"), (None, "private")][kind]
    tool = {"name": f"bench-tool-{i:05d}", "url": f"https://api{i % 7}.example.com/run/{i}", "integration_type": "REST", "request_type": "POST",
            "description": f"Benchmark tool {i}", "input_schema": {"type": "object", "properties": {"q": {"type": "string"}}},
            "tags": ["bench", f"group-{i % 10}"], "is_active": True, "visibility": visibility, "owner_email": "admin@example.com"}
    if team:
        tool["team_id"] = team
    tools.append(tool)
json.dump({"version": "2025-11-25", "exported_at": "2026-11-27T00:00:00Z", "exported_by": "bench", "source_gateway": "http://bench",
           "entities": {"tools": tools}, "metadata": {"entity_counts": {"tools": count}}}, open(path, "w"))
PY

import_seconds=$(curl -s -o "$work/report.json" -w '%{time_total}' "${basic[@]}" "${json[@]}" -X POST "$gateway/admin/import/configuration" -d @"$work/export.json")
created=$(field '["progress"]["created"]' < "$work/report.json")
failed=$(field '["progress"]["failed"]' < "$work/report.json")
[ "$created" = "$TOOLS" ] || { echo "the import created $created of $TOOLS tools ($failed failed): $(head -c 600 "$work/report.json")" >&2; exit 1; }
visible=$(curl -sf -H "Authorization: Bearer $member" "$gateway/tools?include_pagination=true&limit=1" | field '["total"]')

results=$(mktemp)
scenarios=("GET /tools (first 50)|/tools" "GET /tools?skip=2000&limit=50|/tools?skip=2000&limit=50" "GET /tools?tags=group-3|/tools?tags=group-3"
  "GET /tools?include_pagination=true|/tools?include_pagination=true")
for entry in "${scenarios[@]}"; do
  IFS='|' read -r label path <<< "$entry"
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $member" "$gateway$path")
  [ "$status" = 200 ] || { echo "GET $path answered $status" >&2; exit 1; }
  wrk -t1 -c1 -d2s -H "Authorization: Bearer $member" "$gateway$path" >/dev/null
  for c in ${CONNECTIONS//,/ }; do
    echo "$label|$c|$(wrk -t"$(( c < 2 ? 1 : 2 ))" -c"$c" -d"${DURATION}s" -H "Authorization: Bearer $member" -s bench/lib/report.lua "$gateway$path" \
      | awk '/^RESULT/ {print $2, $3, $4, $5, $6, $7}')" >>"$results"
  done
done

out="bench/results/catalog-list-$(date -u +%Y%m%dT%H%M%SZ).txt"
mkdir -p bench/results
{
  echo "catalog at size: $TOOLS tools imported, then GET /tools through the gateway as a member of 3 teams (sees $visible); wrk ${DURATION}s per row"
  echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), .NET $(dotnet --version), Release, SQLite; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  printf 'import of %s tools (POST /admin/import/configuration): %.2f s   (target < 10 s)\n\n' "$TOOLS" "$import_seconds"
  printf '%-36s %5s %9s %8s %8s %8s %8s\n' scenario conns 'req/s' 'p50 ms' 'p90 ms' 'p99 ms' non-2xx
  while IFS='|' read -r label c values; do
    read -r rps p50 p90 p99 bad _ <<< "$values"
    printf '%-36s %5s %9.0f %8.2f %8.2f %8.2f %8s\n' "$label" "$c" "$rps" "$p50" "$p90" "$p99" "$bad"
  done < "$results"
  echo
  echo "target: p50 of GET /tools under 10 ms"
} | tee "$out"
rm -f "$results"
echo "written to $out"
