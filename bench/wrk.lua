-- wrk script for bench/run.sh.
--
--   wrk ... -s bench/wrk.lua URL [-- PATHS_FILE]
--
-- With a file of paths (one per line), every request takes the next path,
-- each thread starting at a different place in the list, so a run touches
-- every page rather than one. Without it, every request is URL's path.
--
-- WRK_DELAY_MS (environment), when set, makes each connection wait that
-- many milliseconds after an answer before its next request: a steady
-- load below what the machine can serve, rather than all it can.
--
-- done() prints one RESULT line with what wrk's own report lacks (p99.9)
-- in a form run.sh can parse. Latencies are in milliseconds. wrk counts a
-- "status error" for every answer of 400 or more; redirects are not errors.

local paths = {}
local next_path = 1

function setup(thread)
  -- Globals set here exist in the thread's own Lua state.
  setup_count = (setup_count or 0) + 1
  thread:set("thread_number", setup_count)
end

function init(args)
  if args[1] then
    for line in io.lines(args[1]) do
      if line ~= "" then paths[#paths + 1] = line end
    end
    -- Spread the threads over the list.
    next_path = ((thread_number or 1) - 1) * math.floor(#paths / 2) % #paths + 1
  end
end

local pause = tonumber(os.getenv("WRK_DELAY_MS") or "")
if pause and pause > 0 then
  function delay() return pause end
end

function request()
  if #paths == 0 then return wrk.request() end
  local path = paths[next_path]
  next_path = next_path % #paths + 1
  return wrk.format(nil, path)
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f " ..
    "max_ms=%.2f status_errors=%d socket_errors=%d connect=%d read=%d write=%d timeout=%d " ..
    "bytes=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout,
    e.connect, e.read, e.write, e.timeout, summary.bytes))
end
