-- Teachers filing homework with the cap check, spread over the classes they teach and the term's coming
-- teaching days; once a class-day is full the filing is refused (422), as it would be for a person.
-- FILERS: "token class subject;" for every class a filing teacher teaches.
dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local filers = {}
for token, class, subject in string.gmatch(os.getenv("FILERS"), "(%S+) (%S+) (%S+);") do
  table.insert(filers, {token = token, class = class, subject = subject})
end
local days = {}
for day in string.gmatch(os.getenv("DAYS"), "[^,]+") do table.insert(days, day) end
local counter = 0

local base_init = init
function init(args)
  base_init(args)
  -- Each wrk thread starts at its own place, so that two threads do not file the same class-day in step.
  counter = math.random(1, #filers * #days)
end

request = function()
  counter = counter + 1
  local filer = filers[(counter % #filers) + 1]
  local day = days[(math.floor(counter / #filers) % #days) + 1]
  local body = string.format('{"classIds":["%s"],"subjectId":"%s","assignedOn":"%s","dueOn":"%s","kind":"written","minutes":10,"content":"练习 %d"}',
    filer.class, filer.subject, day, day, counter)
  return wrk.format(nil, nil, {["Authorization"] = "Bearer " .. filer.token, ["Content-Type"] = "application/json"}, body)
end
