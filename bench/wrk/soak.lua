-- The evening's mix for the soak (bench/soak.sh): of every 100 requests about 70 parents' pages and 10 parents'
-- reports, 5 teachers' filings and 5 filing pages, 5 review queues, 5 district dashboards. SOAK_PAGES: lines
-- "kind<TAB>credential<TAB>path" of signed-in sessions; FILERS and DAYS as for filing.lua; REPORTERS: lines
-- "token<TAB>student<TAB>class"; TODAY the district's date. Counts the filings and reports answered 2xx, which
-- must all be in the database afterwards.
dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")
local function lines(path)
  local out = {}
  for line in io.lines(path) do
    local fields = {}
    for field in line:gmatch("[^\t]+") do table.insert(fields, field) end
    table.insert(out, fields)
  end
  return out
end
local pages = { parent = {}, teacher = {}, principal = {} }
for _, f in ipairs(lines(os.getenv("SOAK_PAGES"))) do table.insert(pages[f[1]], { cookie = f[2], path = f[3] }) end
local reporters = lines(os.getenv("REPORTERS"))
local filers = {}
for token, class, subject in string.gmatch(os.getenv("FILERS"), "(%S+) (%S+) (%S+);") do
  table.insert(filers, { token = token, class = class, subject = subject })
end
local days = {}
for day in string.gmatch(os.getenv("DAYS"), "[^,]+") do table.insert(days, day) end
local bureau = os.getenv("BUREAU")
local today = os.getenv("TODAY")

local soak_threads = {}
local base_setup = setup
function setup(thread)
  base_setup(thread)
  table.insert(soak_threads, thread)
  thread:set("seed", #soak_threads)
end

local n = 0
local last_kind = nil
local base_init = init
function init(args)
  base_init(args)
  math.randomseed(os.time() * 100 + (seed or 0))
  acknowledged_filings = 0
  acknowledged_reports = 0
end

local function page(list)
  local p = list[math.random(#list)]
  return wrk.format("GET", p.path, { ["Cookie"] = p.cookie })
end

function request()
  n = n + 1
  local r = math.random(100)
  if r <= 70 then
    last_kind = "page"
    return page(pages.parent)
  elseif r <= 80 then
    last_kind = "report"
    local who = reporters[math.random(#reporters)]
    local body = string.format('{"studentId":"%s","date":"%s","minutes":%d,"tooMuch":false}', who[2], today, math.random(10, 120))
    return wrk.format("POST", "/api/v1/feedback", { ["Authorization"] = "Bearer " .. who[1], ["Content-Type"] = "application/json" }, body)
  elseif r <= 85 then
    last_kind = "file"
    local filer = filers[math.random(#filers)]
    local day = days[math.random(#days)]
    local body = string.format('{"classIds":["%s"],"subjectId":"%s","assignedOn":"%s","dueOn":"%s","kind":"written","minutes":%d,"content":"soak %d-%d"}',
      filer.class, filer.subject, day, day, math.random(1, 5), seed or 0, n)
    return wrk.format("POST", "/api/v1/homework", { ["Authorization"] = "Bearer " .. filer.token, ["Content-Type"] = "application/json" }, body)
  elseif r <= 90 then
    last_kind = "page"
    return page(pages.teacher)
  elseif r <= 95 then
    last_kind = "page"
    return page(pages.principal)
  else
    last_kind = "page"
    local range = (r % 2 == 0) and "week" or "term"
    return wrk.format("GET", "/api/v1/dashboard/schools?range=" .. range, { ["Authorization"] = "Bearer " .. bureau })
  end
end

-- wrk answers in order on each connection, but many connections share a thread: the kind is read back from
-- the answer itself where it matters (a filing answers with its ids, a report with no body or its own shape).
local base_response = response
function response(status, headers, body)
  base_response(status, headers, body)
  if status == 201 and body and body:find('"ids"') then
    acknowledged_filings = acknowledged_filings + 1
  elseif (status == 200 or status == 201 or status == 204) and body and body:find('"tooMuch"') then
    acknowledged_reports = acknowledged_reports + 1
  end
end

local base_done = done
function done(summary, latency, requests)
  base_done(summary, latency, requests)
  local filed, reported = 0, 0
  for _, thread in ipairs(soak_threads) do
    filed = filed + thread:get("acknowledged_filings")
    reported = reported + thread:get("acknowledged_reports")
  end
  io.write(string.format("ACKNOWLEDGED filings=%d reports=%d\n", filed, reported))
end
