#!/usr/bin/env bash
# Microbenchmark of one bearer-token validation with cached keys (RS256 and ES256): the library call alone, the
# AccessTokenHandler JwtBearer calls in every service, and the whole ASP.NET Core authentication path (JwtBearer).
# Target: under 100 µs p50. Prints the table and writes it to bench/results/.
# Usage: bench/token-validation.sh [job=short]   (BenchmarkDotNet job: dry, short, medium, long)
set -euo pipefail
cd "$(dirname "$0")/.."
JOB=${1:-short}
PROJECT=bench/TokenValidation
dotnet build -c Release "$PROJECT/TokenValidation.csproj" -v q -nologo >/dev/null

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
artifacts=$(mktemp -d /tmp/mcpgw-bench-jwt-XXXX)
trap 'rm -rf "$artifacts"' EXIT
dotnet "$PROJECT/bin/Release/net10.0/TokenValidation.dll" \
  --filter '*' --job "$JOB" --artifacts "$artifacts" --exporters github >"$artifacts/run.log" 2>&1 \
  || { tail -50 "$artifacts/run.log"; exit 1; }

out="bench/results/token-validation-$(date -u +%Y%m%dT%H%M%SZ).md"
mkdir -p bench/results
{
  echo "# Bearer token validation, cached keys ($(date -u +%Y-%m-%d))"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB; .NET SDK $(dotnet --version); job: $JOB."
  # Other work on the machine inflates microbenchmarks: the load says how far to trust these numbers.
  echo "Load average before the run: $load_before (1, 5, 15 min); niceness $(nice)."
  echo "Command: bench/token-validation.sh $JOB. P50 is the median; target under 100 µs."
  echo
  sed -n '/^|/,$p' "$artifacts"/results/*-report-github.md | sed "s/&#39;//g"
} | tee "$out"
echo "written to $out"
