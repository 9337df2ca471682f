-- Shared by the wrk scripts (loaded with dofile from the repository root, where the bench scripts run wrk).
-- Prints one line for the shell script to tabulate:
-- "RESULT <requests/s> <p50 ms> <p90 ms> <p99 ms> <non-2xx responses> <socket errors>".
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("RESULT %.1f %.2f %.2f %.2f %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
