-- wrk script: GET /api/v1/events/{id}/queue/{queue_token}, the waiting fan's poll, as fast as the
-- Api answers, cycling over a pool of real queue tokens (the token is the credential; no bearer).
-- A waiting fan's poll is answered from the Api's memory, so this measures the web stack plus the
-- token check. Every status is counted and reported.
--   wrk -t2 -c64 -d15s -s load/wrk/poll.lua http://127.0.0.1:8080 -- QUEUE_TOKENS_FILE
-- QUEUE_TOKENS_FILE: "EVENT_ID QUEUE_TOKEN" per line (driver verb `join-queue`).

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local paths, next_path

function init(args)
  assert(#args >= 1, "usage: -- QUEUE_TOKENS_FILE")
  paths = {}
  for line in io.lines(args[1]) do
    local event, token = line:match("^(%S+) (%S+)$")
    if event then table.insert(paths, "/api/v1/events/" .. event .. "/queue/" .. token) end
  end
  assert(#paths > 0, args[1] .. " holds no queue tokens")
  -- Threads start at different places in the pool.
  next_path = thread_index * math.floor(#paths / 8)
end

function request()
  next_path = next_path + 1
  return wrk.format("GET", paths[next_path % #paths + 1])
end
