# Sourced by the load benchmarks: the Release build of the whole stack (the Aspire app host, which runs DCP, the
# dashboard, the services and the gateway) on SQLite in a fresh data directory.
# start_stack [NAME=value...] sets $home, $apphost, $gateway (its public URL) and $auth (the auth service's own URL);
# stop_stack is idempotent, so a script may call it per scenario and again from its exit trap.

start_stack() {
  home=$(mktemp -d /tmp/mcpgw-bench-XXXX)
  env MCPGATEWAY_HOME="$home" PORT=0 NO_COLOR=1 LOG_LEVEL=Warning "$@" \
    setsid dotnet AppHost/bin/Release/net10.0/McpGateway.AppHost.dll >"$home/apphost.log" 2>&1 &
  apphost=$!
  until grep -q "gateway ready:" "$home/apphost.log"; do
    kill -0 $apphost 2>/dev/null || { cat "$home/apphost.log"; exit 1; }
    sleep 0.1
  done
  gateway=$(grep -o 'gateway ready: [^ ]*' "$home/apphost.log" | cut -d' ' -f3)
  auth=$(awk '$1 == "auth" && $2 ~ /^http/ {print $2}' "$home/apphost.log" | tail -1)
}

stop_stack() {
  [ -n "${apphost:-}" ] || return 0
  kill -INT $apphost 2>/dev/null; wait $apphost 2>/dev/null || true; rm -rf "$home"; apphost=""
}
