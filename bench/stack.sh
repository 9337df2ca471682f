#!/usr/bin/env bash
# Start-up time and idle memory of the whole local stack (the Aspire app host, DCP, the dashboard, three services, the
# admin UI and the gateway) on SQLite, Release build. Two starts on one data directory: the first creates and migrates
# the databases and seeds them; the restart (Ctrl+C, then `dotnet run` again) finds them ready, as every later start
# does. Each is timed from `dotnet run --project AppHost` on an already built tree to the first 200 from the gateway's
# `/health`, which needs every service healthy; then each process's memory after it has idled. The four product
# processes (target: under 600 MB together) are totalled apart from the admin UI and the tooling around them (AppHost,
# DCP, the dashboard, the `dotnet run` launcher). RSS counts shared pages (the .NET runtime and framework, mapped by
# every process) in each process that maps them; PSS divides them among those processes; "distinct" is the physical
# memory a group holds together, each page once (bench/lib/distinct-memory.py; needs root).
# Usage: bench/stack.sh [idle-seconds=15]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/services.sh
IDLE=${1:-15}
dotnet build -c Release AppHost/AppHost.csproj -v q -nologo >/dev/null
home=$(mktemp -d /tmp/mcpgw-bench-XXXX)
port=$(free_port)
apphost=
# Its own process group, so Ctrl+C (SIGINT to the group) reaches `dotnet run` and AppHost alike, as in a terminal.
stop_stack() {
  [ -n "$apphost" ] || return 0
  kill -INT -- -"$apphost" 2>/dev/null || true
  wait "$apphost" 2>/dev/null || true
  apphost=
}
trap 'stop_stack; rm -rf "$home"' EXIT

stack_pids() {
  for environ in /proc/[0-9]*/environ; do
    grep -qz "^MCPGATEWAY_HOME=$home\$" "$environ" 2>/dev/null && basename "$(dirname "$environ")"
  done
}
kind() { # the part a process plays, from its command line
  local cmdline
  cmdline=$(tr '\0' ' ' < "/proc/$1/cmdline")
  case "$cmdline" in
    *McpGateway.AppHost*) echo AppHost ;;
    *McpGateway.Auth*) echo auth ;;
    *McpGateway.Teams*) echo teams ;;
    *McpGateway.Catalog*) echo catalog ;;
    *McpGateway.Gateway*) echo gateway ;;
    *McpGateway.Admin*) echo admin ;;
    *Aspire.Dashboard*) echo dashboard ;;
    */dcp\ *) echo "dcp $(awk '{print $2}' <<< "$cmdline")" ;;
    *dotnet\ run*) echo "dotnet run" ;;
    *) echo other ;;
  esac
}
memory() { # "<RSS MB> <PSS MB>" of a pid
  awk '/^Rss:/ {r=$2} /^Pss:/ {p=$2} END {printf "%d %d", r/1024, p/1024}' "/proc/$1/smaps_rollup"
}

start_stack() { # starts the stack and waits for a healthy gateway; sets `elapsed` to the seconds that took
  local log="$home/apphost.log" start
  : >"$log"
  start=$(date +%s.%N)
  MCPGATEWAY_HOME=$home PORT=$port NO_COLOR=1 setsid dotnet run -c Release --project AppHost >"$log" 2>&1 &
  apphost=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health"; do
    kill -0 "$apphost" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.05
  done
  elapsed=$(echo "$(date +%s.%N) - $start" | bc)
}

row() { printf '%-24s %8s %8s\n' "$@"; }

report_memory() {
  row process "RSS MB" "PSS MB"
  declare -A rss pss count
  local product=()
  for pid in $(stack_pids); do
    [ -r "/proc/$pid/smaps_rollup" ] || continue
    k=$(kind "$pid")
    case $k in auth | teams | catalog | gateway) product+=("$pid") ;; esac
    read -r r p <<< "$(memory "$pid")"
    rss[$k]=$(( ${rss[$k]:-0} + r )); pss[$k]=$(( ${pss[$k]:-0} + p )); count[$k]=$(( ${count[$k]:-0} + 1 ))
  done
  total() { local r=0 p=0; for k in "$@"; do r=$((r + ${rss[$k]:-0})); p=$((p + ${pss[$k]:-0})); done; echo "$r $p"; }
  for k in auth teams catalog gateway; do row "$k" "${rss[$k]:-0}" "${pss[$k]:-0}"; done
  row "product total" $(total auth teams catalog gateway)
  echo "product total, each physical page once (distinct): $(python3 bench/lib/distinct-memory.py "${product[@]}") MB"
  row "admin UI" "${rss[admin]:-0}" "${pss[admin]:-0}"
  mapfile -t dcp < <(printf '%s\n' "${!rss[@]}" | grep '^dcp ' | sort)
  tooling=(AppHost dashboard "dotnet run" "${dcp[@]}")
  for k in "${tooling[@]}"; do
    row "$k$([ "${count[$k]:-1}" -gt 1 ] && echo " (x${count[$k]})")" "${rss[$k]:-0}" "${pss[$k]:-0}"
  done
  row "tooling total" $(total "${tooling[@]}")
}

measure_start() { # measure_start <what kind of start>: starts the stack, lets it idle, reports both
  start_stack
  sleep "$IDLE"
  {
    echo "$1: 'dotnet run -c Release --project AppHost' on a built tree to a healthy gateway: ${elapsed} s"
    echo "after ${IDLE} s idle:"
    report_memory
  } | tee -a "$out"
}

out="bench/results/stack-$(date -u +%Y%m%dT%H%M%SZ).txt"
mkdir -p bench/results
echo "local stack, Release ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), dotnet $(dotnet --version)):" | tee "$out"
measure_start "first start (empty data directory)"
stop_stack
measure_start "restart (databases ready)"
echo "written to $out"
