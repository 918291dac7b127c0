-- Shared by every load run: counts answers the run did not expect (EXPECT, e.g. "200" or "201,422") as
-- errors, 5xx among them apart, and 4xx among the expected ones as refusals; wrk's socket errors and its timeouts
-- are told apart too. Prints one line the runner parses.
local threads = {}
local expected = {}
for code in string.gmatch(os.getenv("EXPECT") or "200", "[^,]+") do expected[tonumber(code)] = true end

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  server_errors = 0
  fivexx = 0
  refusals = 0
end

function response(status, headers, body)
  if not expected[status] then
    server_errors = server_errors + 1
    if status >= 500 then fivexx = fivexx + 1 end
  elseif status >= 400 then
    refusals = refusals + 1
  end
end

function done(summary, latency, requests)
  local unexpected, server, fourxx = 0, 0, 0
  for _, thread in ipairs(threads) do
    unexpected = unexpected + thread:get("server_errors")
    server = server + (thread:get("fivexx") or 0)
    fourxx = fourxx + thread:get("refusals")
  end
  local socket = summary.errors.connect + summary.errors.read + summary.errors.write
  local errors = socket + summary.errors.timeout + unexpected
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.1f p50=%.2f p95=%.2f p99=%.2f errors=%d refused=%d status5xx=%d unexpected=%d socket=%d timeouts=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors, fourxx,
    server, unexpected, socket, summary.errors.timeout))
end
