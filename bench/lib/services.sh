# Sourced by benchmarks that need the real processes without AppHost: the Release builds of the three services and the
# gateway, started directly (as AppHost would: Aspire's services__{name}__http__0 addresses, one issuer) on SQLite in a
# fresh data directory, each on a free loopback port.
#   build_services                      builds the four projects in Release
#   start_services [NAME=value...]      sets $home, $auth, $teams, $catalog, $gateway (URLs); the settings go to all four
#   start_gateway <var> [NAME=value...] starts one more gateway in front of the same services and sets $<var> to its URL
#   process_rss <url>                   resident memory (MB) of the process listening at that URL
#   stop_services                       idempotent: a script may call it again from its exit trap

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

build_services() {
  local project
  for project in services/Auth/Auth.csproj services/Teams/Teams.csproj services/Catalog/Catalog.csproj gateway/Gateway.csproj; do
    dotnet build -c Release "$project" -v q -nologo >/dev/null
  done
}

# wait_healthy <name> <url> <pid>: until <url>/health answers 200, or fail with the process's log.
wait_healthy() {
  local deadline=$((SECONDS + 120))
  until curl -sf -o /dev/null "$2/health"; do
    if ! kill -0 "$3" 2>/dev/null || [ $SECONDS -gt $deadline ]; then
      echo "$1 did not become healthy at $2:" >&2; tail -30 "$home/$1.log" >&2; exit 1
    fi
    sleep 0.2
  done
}

start_services() {
  home=$(mktemp -d /tmp/mcpgw-bench-XXXX)
  service_pids=()
  local port_auth port_teams port_catalog
  port_auth=$(free_port); port_teams=$(free_port); port_catalog=$(free_port); gateway_port=$(free_port)
  auth=http://127.0.0.1:$port_auth teams=http://127.0.0.1:$port_teams catalog=http://127.0.0.1:$port_catalog
  gateway=http://127.0.0.1:$gateway_port
  service_settings=(MCPGATEWAY_HOME="$home" NO_COLOR=1 LOG_LEVEL=Warning JWT_ISSUER="$gateway"
    services__auth__http__0="$auth" services__teams__http__0="$teams" services__catalog__http__0="$catalog" "$@")
  local name url
  for name in auth teams catalog; do
    url=${!name}
    env -u ASPNETCORE_URLS -u DATABASE_URL "${service_settings[@]}" ASPNETCORE_URLS="$url" \
      setsid dotnet "services/${name^}/bin/Release/net10.0/McpGateway.${name^}.dll" >"$home/$name.log" 2>&1 &
    service_pids+=($!)
  done
  wait_healthy auth "$auth" "${service_pids[0]}"
  wait_healthy teams "$teams" "${service_pids[1]}"
  wait_healthy catalog "$catalog" "${service_pids[2]}"
  start_gateway gateway
}

start_gateway() {
  local var=$1; shift
  local port=${gateway_port:-$(free_port)}
  gateway_port=""
  env -u ASPNETCORE_URLS -u DATABASE_URL "${service_settings[@]}" HOST=127.0.0.1 PORT="$port" "$@" \
    setsid dotnet gateway/bin/Release/net10.0/McpGateway.Gateway.dll >"$home/$var.log" 2>&1 &
  service_pids+=($!)
  printf -v "$var" 'http://127.0.0.1:%s' "$port"
  wait_healthy "$var" "http://127.0.0.1:$port" $!
}

process_rss() {
  local port=${1##*:} pid
  pid=$(ss -ltnpH "sport = :$port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
  awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status"
}

stop_services() {
  [ -n "${home:-}" ] || return 0
  local pid
  for pid in "${service_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${service_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$home"; home=""
}
