-- wrk script: GET /auth/email/me with HTTP Basic and a wrong password for the configured pair (admin:not-the-password),
-- as fast as wrk can. Every answer is non-2xx here (401, then 429 once the per-address limit is spent): they are the flood.
wrk.method = "GET"
wrk.path = "/auth/email/me"
wrk.headers["Authorization"] = "Basic YWRtaW46bm90LXRoZS1wYXNzd29yZA=="

dofile("bench/lib/report.lua")
