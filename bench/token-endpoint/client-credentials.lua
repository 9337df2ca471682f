-- wrk script: POST /oauth/token with grant_type=client_credentials, the client authenticated with HTTP Basic
-- (BASIC = base64 of "client_id:client_secret").
wrk.method = "POST"
wrk.path = "/oauth/token"
wrk.body = "grant_type=client_credentials"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. os.getenv("BASIC")

dofile("bench/lib/report.lua")
