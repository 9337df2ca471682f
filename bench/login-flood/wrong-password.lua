-- wrk script: POST /auth/email/login with a wrong password for an existing account, as fast as wrk can.
-- Every answer is non-2xx here: they are the flood.
wrk.method = "POST"
wrk.path = "/auth/email/login"
wrk.body = '{"email":"admin@example.com","password":"not-the-password"}'
wrk.headers["Content-Type"] = "application/json"

dofile("bench/lib/report.lua")
