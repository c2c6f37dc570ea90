-- wrk script: POST /api/v1/events/{id}/queue, fans joining a waiting room, as fast as the Api
-- answers. Each request is a different user (thread t takes tokens t, t + THREADS, ...), so every
-- join is a first join while the tokens last; once they run out, users join again (answered their
-- same place). Every status is counted and reported.
--   wrk -t2 -c64 -d15s -s load/wrk/join.lua http://127.0.0.1:8080 -- TOKENS_FILE EVENT_ID THREADS
-- TOKENS_FILE: one bearer token per line (driver verb `tokens`). All requests come from one
-- address: run the service with a per-address join budget that fits (WaitingRoom:JoinsPerAddress).

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local tokens, path, stride, next_token

function init(args)
  assert(#args >= 3, "usage: -- TOKENS_FILE EVENT_ID THREADS")
  tokens = {}
  for line in io.lines(args[1]) do
    if #line > 0 then table.insert(tokens, line) end
  end
  assert(#tokens > 0, args[1] .. " is empty")
  path = "/api/v1/events/" .. args[2] .. "/queue"
  stride = tonumber(args[3])
  next_token = thread_index
end

function request()
  local token = tokens[next_token % #tokens + 1]
  next_token = next_token + stride
  return wrk.format("POST", path, { ["Authorization"] = "Bearer " .. token, ["Content-Length"] = "0" })
end
