-- wrk script for bench/soak.sh: each request takes the next path of the
-- file given after `--`, each connection starting at a different place,
-- and waits SOAK_DELAY_MS (environment; default 10) before it, so the soak
-- loads the server without taking the whole machine. done() prints one
-- RESULT line (as bench/wrk.lua does).
local paths = {}
local next_path = 1
local pause = tonumber(os.getenv("SOAK_DELAY_MS") or "10")

function setup(thread)
  setup_count = (setup_count or 0) + 1
  thread:set("thread_number", setup_count)
end

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  next_path = ((thread_number or 1) * 7) % #paths + 1
end

function delay()
  return pause
end

function request()
  local path = paths[next_path]
  next_path = next_path % #paths + 1
  return wrk.format(nil, path)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f status_errors=%d " ..
    "socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, e.status,
    e.connect + e.read + e.write + e.timeout))
end
