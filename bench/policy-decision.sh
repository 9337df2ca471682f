#!/usr/bin/env bash
# Microbenchmark of one authorization decision by the shared policy (ServiceDefaults/Authorization) on an in-memory
# projection of 10,000 users and 2,000 teams: permission checks (role grant, membership, denials, a narrowed API token),
# visibility checks, and reading the caller from a token's claims. No I/O on a decision. Target: p50 under 5 µs.
# Prints the table and writes it to bench/results/.
# Usage: bench/policy-decision.sh [job=short]   (BenchmarkDotNet job: dry, short, medium, long)
set -euo pipefail
cd "$(dirname "$0")/.."
JOB=${1:-short}
PROJECT=bench/PolicyDecision
dotnet build -c Release "$PROJECT/PolicyDecision.csproj" -v q -nologo >/dev/null

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
artifacts=$(mktemp -d /tmp/mcpgw-bench-policy-XXXX)
trap 'rm -rf "$artifacts"' EXIT
dotnet "$PROJECT/bin/Release/net10.0/PolicyDecision.dll" \
  --filter '*' --job "$JOB" --artifacts "$artifacts" --exporters github >"$artifacts/run.log" 2>&1 \
  || { tail -50 "$artifacts/run.log"; exit 1; }

out="bench/results/policy-decision-$(date -u +%Y%m%dT%H%M%SZ).md"
mkdir -p bench/results
{
  echo "# Policy decision, in-memory projection of 10,000 users and 2,000 teams ($(date -u +%Y-%m-%d))"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB; .NET SDK $(dotnet --version); job: $JOB."
  # Other work on the machine inflates microbenchmarks: the load says how far to trust these numbers.
  echo "Load average before the run: $load_before (1, 5, 15 min); niceness $(nice)."
  echo "Command: bench/policy-decision.sh $JOB. P50 is the median; target under 5 µs."
  echo
  sed -n '/^|/,$p' "$artifacts"/results/*-report-github.md | sed "s/&#39;//g"
} | tee "$out"
echo "written to $out"
