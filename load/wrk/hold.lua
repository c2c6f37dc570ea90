-- wrk script: POST /api/v1/events/{id}/reservations as fast as the Api answers, spreading holds
-- over many users (per-user rate limits) and over fresh seats of a large event (so it measures
-- holds, not 409s). Every status is counted and reported; a run that exhausts its seats shows 409s.
--   wrk -t2 -c64 -d15s -s load/wrk/hold.lua http://127.0.0.1:8080 -- EVENT_ID TOKENS_FILE SEATS_FILE THREADS
-- TOKENS_FILE: one bearer token per line (driver verb `tokens`);
-- SEATS_FILE: one JSON array of seat ids per line, disjoint blocks (driver verb `create-event --seats-file`).
-- Thread t takes blocks t, t + THREADS, t + 2*THREADS, ... so threads never ask for the same seats.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local function read_lines(path)
  local lines = {}
  for line in io.lines(path) do
    if #line > 0 then table.insert(lines, line) end
  end
  assert(#lines > 0, path .. " is empty")
  return lines
end

local path, tokens, blocks, stride, next_block

function init(args)
  assert(#args >= 4, "usage: -- EVENT_ID TOKENS_FILE SEATS_FILE THREADS")
  path = "/api/v1/events/" .. args[1] .. "/reservations"
  tokens = read_lines(args[2])
  blocks = read_lines(args[3])
  stride = tonumber(args[4])
  next_block = thread_index
end

function request()
  local block = next_block
  next_block = next_block + stride
  local body = string.format('{"client_reservation_id":"wrk-%d-%d","seat_ids":%s}',
    thread_index, block, blocks[block % #blocks + 1])
  return wrk.format("POST", path, {
    ["Authorization"] = "Bearer " .. tokens[block % #tokens + 1],
    ["Content-Type"] = "application/json",
  }, body)
end
