-- wrk script: POST /oauth/token with grant_type=client_credentials, the client authenticated with HTTP Basic
-- (BASIC = base64 of "client_id:client_secret"). Prints one line for the shell script to tabulate:
-- "<requests/s> <p50 ms> <p90 ms> <p99 ms> <non-2xx responses> <socket errors>".
wrk.method = "POST"
wrk.path = "/oauth/token"
wrk.body = "grant_type=client_credentials"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. os.getenv("BASIC")

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("RESULT %.1f %.2f %.2f %.2f %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
