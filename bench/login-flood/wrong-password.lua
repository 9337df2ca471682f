-- wrk script: POST /auth/email/login with a wrong password for an existing account, as fast as wrk can.
-- Prints "RESULT <requests/s> <p50 ms> <p90 ms> <p99 ms> <non-2xx> <socket errors>" (every answer is non-2xx here).
wrk.method = "POST"
wrk.path = "/auth/email/login"
wrk.body = '{"email":"admin@example.com","password":"not-the-password"}'
wrk.headers["Content-Type"] = "application/json"

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("RESULT %.1f %.2f %.2f %.2f %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
