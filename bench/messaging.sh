#!/usr/bin/env bash
# Integration events, side by side on the local bus and on RabbitMQ (a private node started here), with the real
# outbox, relay, inbox and transports (the messaging test host, Release build) on SQLite databases:
#   1. latency: a producer commits EVENTS events at 100/s (one per transaction); p50/p90/p99/max from each commit to
#      the consumer's committed effect (targets: p99 < 1 s local, < 200 ms RabbitMQ);
#   2. relay throughput: RELAY_EVENTS events committed while the relay is held off (another replica's lease), then
#      released: events relayed per second until the outbox is empty (target >= 1,000/s);
#   3. sustained: 1,000 events/s offered for 15 s (10 per transaction); the outbox backlog sampled every 0.5 s.
# Everything runs on this machine: the numbers include its load (printed). Processes are stopped with SIGTERM: a
# background job of a script ignores SIGINT.
# Usage: bench/messaging.sh [events=3000] [relay_events=20000]
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${1:-3000}
RELAY_EVENTS=${2:-20000}
dotnet build -c Release tests/Messaging.Tests/Host/Messaging.TestHost.csproj -v q -nologo >/dev/null
HOST_DLL=$PWD/tests/Messaging.Tests/Host/bin/Release/net10.0/McpGateway.Messaging.TestHost.dll
MEASURE="python3 $PWD/bench/messaging/measure.py"
WORK=$(mktemp -d /tmp/mcpgw-bench-messaging-XXXX)
chmod 755 "$WORK"
PIDS=()
RABBIT_DIR=""

cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$RABBIT_DIR" ] && [ -f "$RABBIT_DIR/rabbitmq.pid" ]; then
    kill -TERM "$(cat "$RABBIT_DIR/rabbitmq.pid")" 2>/dev/null || true
    sleep 3
    as_rabbitmq env ERL_EPMD_PORT="$EPMD_PORT" epmd -kill >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
as_rabbitmq() { if [ "$(id -u)" -eq 0 ]; then runuser -u rabbitmq -- "$@"; else "$@"; fi; }

start_rabbitmq() { # a private node: own data, cookie and ports (the test fixture's recipe)
  command -v /usr/lib/rabbitmq/bin/rabbitmq-server >/dev/null || { echo "rabbitmq-server is not installed: apt-get install rabbitmq-server" >&2; exit 1; }
  RABBIT_DIR=$WORK/rabbitmq
  mkdir -p "$RABBIT_DIR/mnesia" "$RABBIT_DIR/log"
  printf 'loopback_users = none\ndisk_free_limit.absolute = 10MB\nlog.console = false\n' > "$RABBIT_DIR/rabbitmq.conf"
  echo '[].' > "$RABBIT_DIR/enabled_plugins"
  python3 -c 'import secrets, string; print("".join(secrets.choice(string.ascii_uppercase) for _ in range(20)), end="")' > "$RABBIT_DIR/.erlang.cookie"
  chmod 400 "$RABBIT_DIR/.erlang.cookie"
  [ "$(id -u)" -eq 0 ] && chown -R rabbitmq:rabbitmq "$RABBIT_DIR"
  AMQP_PORT=$(free_port); DIST_PORT=$(free_port); EPMD_PORT=$(free_port)
  as_rabbitmq env HOME="$RABBIT_DIR" RABBITMQ_NODENAME=rabbit@localhost RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$AMQP_PORT" RABBITMQ_DIST_PORT="$DIST_PORT" ERL_EPMD_PORT="$EPMD_PORT" \
    RABBITMQ_MNESIA_BASE="$RABBIT_DIR/mnesia" RABBITMQ_LOG_BASE="$RABBIT_DIR/log" RABBITMQ_CONFIG_FILE="$RABBIT_DIR/rabbitmq.conf" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$RABBIT_DIR/enabled_plugins" RABBITMQ_PID_FILE="$RABBIT_DIR/rabbitmq.pid" \
    /usr/lib/rabbitmq/bin/rabbitmq-server > "$RABBIT_DIR/server.out" 2>&1 &
  for _ in $(seq 1 180); do
    python3 -c "import socket; s=socket.create_connection(('127.0.0.1',$AMQP_PORT),1); s.send(b'AMQP\x00\x00\x09\x01'); assert s.recv(8)" 2>/dev/null && return 0
    sleep 0.5
  done
  echo "RabbitMQ did not start; see $RABBIT_DIR/log" >&2; exit 1
}

host() { # host <dir> <service> <log> args...: the test host with the bench's settings, in the background
  local dir=$1 service=$2 log=$3; shift 3
  env -u DATABASE_URL MCPGATEWAY_HOME="$dir" "ConnectionStrings__${service}db=Data Source=$dir/$service.db" \
    ${RABBITMQ_URL:+ConnectionStrings__rabbitmq=$RABBITMQ_URL} ASPNETCORE_URLS=http://127.0.0.1:0 LOG_LEVEL=Information \
    dotnet "$HOST_DLL" --service "$service" "$@" > "$log" 2>&1 &
  PIDS+=($!)
  LAST_PID=$!
}

wait_for() { # wait_for <log> <text>
  for _ in $(seq 1 1200); do grep -q "$2" "$1" && return 0; sleep 0.1; done
  echo "timed out waiting for '$2' in $1" >&2; tail -20 "$1" >&2; exit 1
}

stop() { kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

scenario() { # scenario <label>: prints one table row per measurement
  local label=$1 dir=$WORK/$1 ready
  mkdir -p "$dir"
  ready="Application started"; [ -n "${RABBITMQ_URL:-}" ] && ready="Bus started"

  # 1. latency at 100 events/s
  host "$dir" consumer "$dir/consumer.log" --consume true; local consumer=$LAST_PID
  wait_for "$dir/consumer.log" "$ready"
  host "$dir" producer "$dir/producer.log" --produce "$EVENTS" --rate 100 --exit-when-relayed true; local producer=$LAST_PID
  wait "$producer" || true
  for _ in $(seq 1 600); do
    [ "$($MEASURE scalar "$dir/consumer.db" "SELECT COUNT(*) FROM effects")" -ge "$EVENTS" ] && break; sleep 0.1
  done
  read -r n p50 p90 p99 max <<< "$($MEASURE latency "$dir/consumer.db" 100)"
  printf '%-10s %-34s %8s %9.1f %9.1f %9.1f %9.1f\n' "$label" "commit -> effect at 100/s (ms)" "$n" "$p50" "$p90" "$p99" "$max"
  read -r relay50 relay99 delivery50 delivery99 <<< "$($MEASURE stages "$dir/consumer.db" "$dir/producer.db" 100)"
  printf '%-10s %-34s %8s %9.1f %9s %9.1f %29s\n' "$label" "  of which commit -> relayed" "" "$relay50" "" "$relay99" ""
  printf '%-10s %-34s %8s %9.1f %9s %9.1f %29s\n' "$label" "  of which relayed -> effect" "" "$delivery50" "" "$delivery99" ""

  # 2. relay throughput: a backlog committed behind another replica's lease, then released
  $MEASURE execute "$dir/producer.db" "UPDATE outbox_leases SET holder = 'bench/1/held', expires_at = '2999-01-01 00:00:00'"
  host "$dir" producer "$dir/backlog.log" --produce "$RELAY_EVENTS" --per-transaction 50 --prefix backlog --exit-when-relayed true; producer=$LAST_PID
  wait_for "$dir/backlog.log" "PRODUCED $RELAY_EVENTS"
  local start end pending
  start=$(date +%s.%N)
  $MEASURE execute "$dir/producer.db" "UPDATE outbox_leases SET holder = '', expires_at = '2000-01-01 00:00:00'"
  wait "$producer" || true
  end=$(date +%s.%N)
  pending=$($MEASURE scalar "$dir/producer.db" "SELECT COUNT(*) FROM outbox_messages WHERE dispatched_at IS NULL")
  printf '%-10s %-34s %8s %9.0f %29s\n' "$label" "relay drain (events/s)" "$RELAY_EVENTS" \
    "$(python3 -c "print($RELAY_EVENTS / ($end - $start))")" "left pending: $pending"

  # 3. sustained 1,000 events/s for 15 s: the outbox backlog stays flat
  host "$dir" producer "$dir/sustained.log" --produce 15000 --rate 1000 --per-transaction 10 --prefix sustained --exit-when-relayed true; producer=$LAST_PID
  local samples=() max_pending=0 begin
  begin=$(date +%s.%N)
  while kill -0 "$producer" 2>/dev/null; do
    pending=$($MEASURE scalar "$dir/producer.db" "SELECT COUNT(*) FROM outbox_messages WHERE dispatched_at IS NULL" 2>/dev/null || echo 0)
    samples+=("$pending"); [ "$pending" -gt "$max_pending" ] && max_pending=$pending
    sleep 0.5
  done
  end=$(date +%s.%N)
  printf '%-10s %-34s %8s %9.0f %29s\n' "$label" "sustained 1,000/s: achieved/s" 15000 \
    "$(python3 -c "print(15000 / ($end - $begin))")" "outbox max $max_pending, samples ${#samples[@]}"
  local applied
  applied=$($MEASURE scalar "$dir/consumer.db" "SELECT COUNT(*) FROM effects")
  printf '%-10s %-34s %8s %9s\n' "$label" "consumer applied so far" "$applied" ""
  stop "$consumer"
}

out="bench/results/messaging-$(date -u +%Y%m%dT%H%M%SZ).txt"
mkdir -p bench/results
exec > >(tee "$out")
echo "Integration events: outbox -> transport -> idempotent consumer (test host, Release, SQLite databases)"
echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB, .NET $(dotnet --version), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %-34s %8s %9s %9s %9s %9s\n' transport measurement events "p50/rate" p90 p99 max
RABBITMQ_URL="" scenario local
start_rabbitmq
RABBITMQ_URL="amqp://guest:guest@127.0.0.1:$AMQP_PORT/" scenario rabbitmq
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "written to $out"
