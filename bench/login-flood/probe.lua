-- wrk script: GET a cheap route of the same auth service (the public SSO provider list, one database query),
-- the "other route" whose latency a password flood must not spoil.
wrk.method = "GET"
wrk.path = "/auth/sso/providers"

dofile("bench/lib/report.lua")
