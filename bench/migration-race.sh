#!/usr/bin/env bash
# Times N processes running `<service> migrate` on one database at the same moment, cold (fresh database) and warm
# (already migrated), on SQLite and on PostgreSQL (started here from the installed binaries).
# Usage: bench/migration-race.sh [processes=100] [service=catalog]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100}
SERVICE=${2:-catalog}
PROJECT="$(tr '[:lower:]' '[:upper:]' <<< "${SERVICE:0:1}")${SERVICE:1}"
DLL="services/$PROJECT/bin/Release/net10.0/McpGateway.$PROJECT.dll"
dotnet build -c Release "services/$PROJECT/$PROJECT.csproj" -v q -nologo >/dev/null

work=$(mktemp -d /tmp/mcpgw-race-XXXX); chmod 755 "$work"
trap 'pg_stop; rm -rf "$work"' EXIT
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_stop() { [ -f "$work/pg/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true; }
PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/pg" && [ "$(id -u)" -eq 0 ] && chown postgres "$work" "$work/pg"
as_pg "$PG_BIN/initdb" -D "$work/pg" -A trust -U postgres --no-sync >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w -o "-p $PG_PORT -k $work -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null

race() { # race <label> <env...>: prints "<label> <ok>/<N> <seconds>"
  local label=$1; shift
  local start=$(date +%s.%N) pids=() ok=0
  for i in $(seq 1 "$N"); do env "$@" dotnet "$DLL" migrate >"$work/out.$i" 2>&1 & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p" && ok=$((ok + 1)); done
  printf '%-22s %4d/%-4d %8.1f s\n' "$label" "$ok" "$N" "$(echo "$(date +%s.%N) - $start" | bc)"
}

out="bench/results/migration-race-$(date -u +%Y%m%dT%H%M%SZ).txt"
mkdir -p bench/results
{
  echo "migration race: $N processes x '$SERVICE migrate' ($(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(dotnet --version))"
  printf '%-22s %9s %10s\n' "database" "succeeded" "wall time"
  race "SQLite, fresh" "ConnectionStrings__${SERVICE}db=Data Source=$work/race.db"
  race "SQLite, migrated" "ConnectionStrings__${SERVICE}db=Data Source=$work/race.db"
  race "PostgreSQL, fresh" "DATABASE_URL=postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
  race "PostgreSQL, migrated" "DATABASE_URL=postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
} | tee "$out"
echo "written to $out"
