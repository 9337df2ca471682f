#!/usr/bin/env bash
# The admin UI at size (issue 14's target: every list page's server response p50 under 100 ms, p95 under 300 ms through
# the gateway, with 3,000 users, 300 teams and 5,000 tools; ContextForge: 6.3 s / 12 s). Seeds through the public APIs
# (the tools by one import), signs in the way a browser does (OIDC code + PKCE through the provider's login form) to get
# the session cookie, then loads each page with wrk through the gateway: the admin app renders it after calling the
# APIs with the user's token. The catalog pages: tools (5,000), virtual servers (100, and the compose form's three
# pickers over the 5,000 tools), gateways (50, unreachable: registered, never discovered) and the server catalog.
# Runs the Release build of the whole stack (AppHost) on SQLite; wrk shares the machine, so the numbers are a ceiling.
# Usage: bench/admin-pages.sh [users=3000] [teams=300] [seconds=10] [connections=1,8] [tools=5000]
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${1:-3000}
TEAMS=${2:-300}
DURATION=${3:-10}
CONNECTIONS=${4:-1,8}
TOOLS=${5:-5000}
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed (apt-get install wrk curl)" >&2; exit 1; }
done
dotnet build -c Release AppHost/AppHost.csproj -v q -nologo >/dev/null

source bench/lib/stack.sh
work=$(mktemp -d /tmp/mcpgw-admin-bench-XXXX)
cleanup() { stop_stack; rm -rf "$work"; }
trap cleanup EXIT

password='Admin-Pages-Bench-1'
start_stack PLATFORM_ADMIN_EMAIL=admin@example.com PLATFORM_ADMIN_PASSWORD="$password" MAX_TEAMS_PER_USER=100000 \
  LOGIN_RATE_LIMIT_PER_MINUTE=0 LOGIN_RATE_LIMIT_GLOBAL_PER_MINUTE=0
# The issuer, and so the UI's redirect URIs and cookies, are on http://localhost:<port>.
origin=${gateway/127.0.0.1/localhost}

seed_seconds=$(python3 - "$origin" "$password" "$USERS" "$TEAMS" "$TOOLS" <<'PY'
import json, sys, time, urllib.request
from concurrent.futures import ThreadPoolExecutor
origin, password, users, teams, tools = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
def call(method, path, body, token=None):
    request = urllib.request.Request(origin + path, data=None if body is None else json.dumps(body).encode(), method=method,
        headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request) as response:
        return json.load(response)
started = time.time()
token = call("POST", "/auth/email/login", {"email": "admin@example.com", "password": password})["access_token"]
with ThreadPoolExecutor(4) as pool:
    list(pool.map(lambda i: call("POST", "/auth/email/admin/users",
        {"email": f"user{i:05d}@example.com", "password": "Bench-User-Password-1", "full_name": f"User {i}"}, token), range(users)))
    list(pool.map(lambda i: call("POST", "/teams", {"name": f"Bench team {i:04d}", "visibility": "private" if i % 2 else "public"}, token), range(teams)))
# The tools in one import (the admin's, public), then virtual servers of 5 tools each and gateways nobody answers at.
export = {"version": "2025-11-25", "exported_at": "2026-11-27T00:00:00Z", "exported_by": "bench", "source_gateway": "http://bench",
          "entities": {"tools": [{"name": f"bench-tool-{i:05d}", "url": f"https://api{i % 7}.example.com/run/{i}", "integration_type": "REST",
                                  "request_type": "POST", "description": f"Benchmark tool {i}", "tags": ["bench", f"group-{i % 10}"],
                                  "input_schema": {"type": "object", "properties": {"q": {"type": "string"}}}, "is_active": True,
                                  "visibility": "public", "owner_email": "admin@example.com"} for i in range(tools)]},
          "metadata": {"entity_counts": {"tools": tools}}}
report = call("POST", "/admin/import/configuration", export, token)
assert report["progress"]["created"] == tools, f"the import created {report['progress']['created']} of {tools} tools"
ids = [t["id"] for t in call("GET", "/tools?tags=group-0&limit=100", None, token)]
with ThreadPoolExecutor(4) as pool:
    list(pool.map(lambda i: call("POST", "/servers", {"name": f"bench-server-{i:03d}", "visibility": "public",
        "associated_tools": ids[(i * 5) % len(ids):][:5]}, token), range(100)))
    list(pool.map(lambda i: call("POST", "/gateways", {"name": f"bench-gateway-{i:02d}", "url": f"http://127.0.0.1:9/mcp/{i}"}, token), range(50)))
print(f"{time.time() - started:.1f}")
PY
)

# Sign in as a browser would: the UI redirects to the provider's login form, which redirects back with a code.
cookie=$(python3 - "$origin" "$password" <<'PY'
import html, re, sys, urllib.error, urllib.parse, urllib.request
origin, password = sys.argv[1], sys.argv[2]
class Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
opener, jar = urllib.request.build_opener(Stay), {}
def fetch(url, data=None):
    while True:
        request = urllib.request.Request(url, data=data)
        if jar:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in jar.items()))
        try:
            response = opener.open(request)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";")[0]
            if value and "1970" not in header:
                jar[name] = value
            else:
                jar.pop(name, None)
        if response.status in (301, 302, 303, 307):
            url, data = urllib.parse.urljoin(url, response.headers["Location"]), None
            continue
        return url, response.read().decode()
url, page = fetch(origin + "/admin/")
action, form = next(f for f in re.findall(r'<form[^>]*action="([^"]*)"[^>]*>(.*?)</form>', page, re.S) if 'name="password"' in f[1])
fields = {html.unescape(n): html.unescape(v) for n, v in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form)}
fields.update(email="admin@example.com", password=password)
url, page = fetch(urllib.parse.urljoin(url, html.unescape(action)), urllib.parse.urlencode(fields).encode())
assert "/admin" in url and "Overview" in page, f"not signed in: {url}"
print("; ".join(f"{k}={v}" for k, v in jar.items() if k.startswith("mcpgw_admin")))
PY
)

cat > "$work/p95.lua" <<'LUA'
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("RESULT %.1f %.2f %.2f %.2f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
LUA

results=$(mktemp)
scenarios=("overview|/admin/" "users (first page)|/admin/users" "users (last page)|/admin/users?skip=$((USERS - 50))&limit=50"
  "teams|/admin/team-list" "teams (page 4)|/admin/team-list?skip=150&limit=50" "API tokens|/admin/tokens" "audit log|/admin/audit"
  "sign-in events|/admin/audit?log=auth" "users (search)|/admin/users?search=user0150"
  "tools|/admin/tools" "tools (page 51)|/admin/tools?skip=2500&limit=50" "tools (a tag)|/admin/tools?tags=group-3"
  "virtual servers|/admin/virtual-servers" "gateways|/admin/gateways" "server catalog|/admin/server-catalog"
  "server catalog (search)|/admin/server-catalog?search=docs")
for entry in "${scenarios[@]}"; do
  IFS='|' read -r label path <<< "$entry"
  status=$(curl -s -o "$work/page.html" -w '%{http_code}' -H "Cookie: $cookie" "$origin$path")
  [ "$status" = 200 ] || { echo "GET $path answered $status" >&2; head -c 600 "$work/page.html" >&2; exit 1; }
  wrk -t1 -c1 -d2s -H "Cookie: $cookie" "$origin$path" >/dev/null
  for c in ${CONNECTIONS//,/ }; do
    echo "$label|$c|$(wrk -t"$(( c < 2 ? 1 : 2 ))" -c"$c" -d"${DURATION}s" -H "Cookie: $cookie" -s "$work/p95.lua" "$origin$path" \
      | awk '/^RESULT/ {print $2, $3, $4, $5, $6, $7}')" >>"$results"
  done
done

out="bench/results/admin-pages-$(date -u +%Y%m%dT%H%M%SZ).txt"
mkdir -p bench/results
{
  echo "admin UI pages at size: $USERS users, $TEAMS teams, $TOOLS tools (one import), 100 virtual servers and 50 gateways seeded through the"
  echo "APIs in ${seed_seconds} s; each page through the gateway"
  echo "with the platform admin's session cookie (the admin app calls the APIs through the gateway with the user's token); wrk ${DURATION}s per row"
  echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), .NET $(dotnet --version), Release, SQLite; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  printf '%-24s %5s %9s %8s %8s %8s %8s\n' page conns 'req/s' 'p50 ms' 'p95 ms' 'p99 ms' non-2xx
  while IFS='|' read -r label c values; do
    read -r rps p50 p95 p99 bad _ <<< "$values"
    printf '%-24s %5s %9.0f %8.2f %8.2f %8.2f %8s\n' "$label" "$c" "$rps" "$p50" "$p95" "$p99" "$bad"
  done < "$results"
  echo
  echo "target: every list page p50 under 100 ms and p95 under 300 ms (ContextForge: 6.3 s / 12 s at p50 / p95)"
} | tee "$out"
rm -f "$results"
echo "written to $out"
