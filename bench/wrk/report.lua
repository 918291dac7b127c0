-- Shared by every load run: counts 5xx answers per thread and prints one line the runner parses.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  server_errors = 0
  refusals = 0
end

function response(status, headers, body)
  if status >= 500 then
    server_errors = server_errors + 1
  elseif status >= 400 then
    refusals = refusals + 1
  end
end

function done(summary, latency, requests)
  local fivexx, fourxx = 0, 0
  for _, thread in ipairs(threads) do
    fivexx = fivexx + thread:get("server_errors")
    fourxx = fourxx + thread:get("refusals")
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + fivexx
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.1f p50=%.2f p95=%.2f p99=%.2f errors=%d refused=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors, fourxx))
end
