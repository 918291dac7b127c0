-- A staff member saving a session's register: the whole class marked present, again and again, as a teacher
-- correcting a mark would (each save replaces the day's marks). REGISTER: the JSON body; AUTH: the school's administrator.
-- On PostgreSQL two saves of one register at the same moment: the second is a 409 (counted as refused).
dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("AUTH")
local file = io.open(os.getenv("REGISTER"), "r")
wrk.body = file:read("*a")
file:close()
