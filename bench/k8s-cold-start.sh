#!/usr/bin/env bash
# Cold start of what the production overlay describes (deploy/k8s/overlays/production): every replica at once (3 of
# each service, 2 gateways, 2 admin UIs), each service pod's `migrate` init container first, against a fresh PostgreSQL
# and RabbitMQ, until every replica passes its readiness probe. It runs tests/Deploy.Tests' replica start test
# (tests/Deploy.Tests/Replicas) and reads the per-replica phases it reports:
#   init     the `migrate` init container: runtime start, EF Core's migrations, the advisory lock wait
#   host     main container exec to its first log line: runtime start, configuration, DI, the JIT of both
#   started  to "Application started": the hosted services (Kestrel, the message bus, the admin client's registration)
#   ready    to the first successful readiness probe (/health: EF Core's model, the database check)
# Usage: bench/k8s-cold-start.sh [runs=1] [images=published|build]
#   published: the images' content, `dotnet publish --os linux --arch x64` (ReadyToRun), published once per source state
#   build:     the Debug build output (IL only, JIT at start), as the test ran before the images were precompiled
# The machine is shared: the load average is printed beside every run.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-1}
IMAGES=${2:-published}
dotnet build tests/Deploy.Tests/Deploy.Tests.csproj -v q -nologo >/dev/null
runner=tests/Deploy.Tests/bin/Debug/net10.0/Deploy.Tests
work=$(mktemp -d /tmp/mcpgw-coldstart-XXXX)
trap 'rm -rf "$work"' EXIT

out="bench/results/k8s-cold-start-$IMAGES-$(date -u +%Y%m%dT%H%M%SZ).txt"
mkdir -p bench/results
{
  echo "production overlay cold start, images: $IMAGES ($(nproc) cores, dotnet $(dotnet --version))"
  for run in $(seq 1 "$RUNS"); do
    before=$(cut -d' ' -f1-3 /proc/loadavg)
    # The publish (first run on these sources) happens before the test's clock starts.
    CI=true REPLICA_IMAGES=$IMAGES "$runner" -method "*.The_production_replicas_start_at_once_migrate_once_and_serve_through_the_gateway" \
      -showLiveOutput >"$work/run.$run" 2>&1 || { echo "run $run failed:"; grep -v '^\s*$' "$work/run.$run" | tail -40; exit 1; }
    # The test's report lines, without xunit's prefix.
    sed -n 's/.*\[OUTPUT\] //p' "$work/run.$run" | sed 's/\x1b\[[0-9;]*m//g' >"$work/report.$run"
    echo "run $run: $(grep '^all ' "$work/report.$run") (load average before: $before)"
  done
  # Per component over all runs: the median and maximum of each phase and of the time to ready.
  cat "$work"/report.* | awk '
    /^  [a-z]+-[0-9]+ / && NF == 6 {
      split($1, name, "-"); c = name[1]
      n[c]++; components[c] = 1
      for (i = 2; i <= 6; i++) v[c, i, n[c]] = ($i == "-" ? 0 : $i)
    }
    function median(c, i,   k, j, t, a, m) {
      m = n[c]; for (k = 1; k <= m; k++) a[k] = v[c, i, k]
      for (k = 1; k <= m; k++) for (j = k + 1; j <= m; j++) if (a[j] < a[k]) { t = a[k]; a[k] = a[j]; a[j] = t }
      return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
    }
    function maximum(c, i,   k, x) { x = 0; for (k = 1; k <= n[c]; k++) if (v[c, i, k] > x) x = v[c, i, k]; return x }
    END {
      printf "%-9s %9s %6s %6s %8s %6s %12s\n", "component", "replicas", "init", "host", "started", "ready", "total p50/max"
      for (c in components)
        printf "%-9s %9d %6.1f %6.1f %8.1f %6.1f %6.1f/%5.1f\n", c, n[c], median(c, 2), median(c, 3), median(c, 4), median(c, 5), median(c, 6), maximum(c, 6)
    }' | (read -r header; echo "$header"; sort)
  echo "(phases: medians in seconds; total: from the moment every replica was started to its readiness)"
} | tee "$out"
