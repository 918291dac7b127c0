-- A teacher filing homework with the cap check, spread over the classes they teach and the term's
-- coming teaching days; once a class-day is full the filing is refused (422), as it would be for a person.
dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("AUTH")
local classes = {}
for id in string.gmatch(os.getenv("CLASSES"), "[^,]+") do table.insert(classes, id) end
local days = {}
for day in string.gmatch(os.getenv("DAYS"), "[^,]+") do table.insert(days, day) end
local subject = os.getenv("SUBJECT")
local counter = 0

request = function()
  counter = counter + 1
  local class = classes[(counter % #classes) + 1]
  local day = days[(math.floor(counter / #classes) % #days) + 1]
  local body = string.format('{"classIds":["%s"],"subjectId":"%s","assignedOn":"%s","dueOn":"%s","kind":"written","minutes":10,"content":"练习 %d"}',
    class, subject, day, day, counter)
  return wrk.format(nil, nil, nil, body)
end
