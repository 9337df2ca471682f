-- wrk script: GET a cheap route of the same auth service (the public SSO provider list, one database query),
-- the "other route" whose latency a password flood must not spoil. Prints RESULT like wrong-password.lua.
wrk.method = "GET"
wrk.path = "/auth/sso/providers"

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("RESULT %.1f %.2f %.2f %.2f %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
