-- GETs over many signed-in people and their pages: PAGES names a file of lines "cookie<TAB>path<TAB>…" (as
-- bench/sessions.py prints them); each thread starts at its own place in the list and walks it round.
dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")
local pages = {}
for line in io.lines(os.getenv("PAGES")) do
  local cookie, path = line:match("^([^\t]*)\t([^\t]*)")
  if cookie then table.insert(pages, { cookie = cookie, path = path }) end
end
local next_page = 0
local threads_made = 0
local base_setup = setup
function setup(thread)
  base_setup(thread)
  threads_made = threads_made + 1
  thread:set("start", threads_made * 7919)
end
local base_init = init
function init(args)
  base_init(args)
  next_page = (start or 0) % #pages
end
function request()
  next_page = next_page % #pages + 1
  local page = pages[next_page]
  return wrk.format("GET", page.path, { ["Cookie"] = page.cookie })
end
