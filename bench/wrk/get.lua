-- A GET with the headers the runner passes: AUTH (a bearer token) or COOKIE (a page session).
dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")
local auth = os.getenv("AUTH")
local cookie = os.getenv("COOKIE")
if auth and auth ~= "" then wrk.headers["Authorization"] = "Bearer " .. auth end
if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end
