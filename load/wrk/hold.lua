-- wrk script: POST /api/v1/events/{id}/reservations as fast as the Api answers, spreading holds
-- over many users (per-user rate limits) and over fresh seats of large events (so it measures
-- holds, not 409s). Every status is counted and reported; a run that exhausts its seats shows 409s.
--   wrk -t2 -c64 -d15s -s load/wrk/hold.lua http://127.0.0.1:8080 -- TOKENS_FILE SEATS_FILE THREADS
-- TOKENS_FILE: one bearer token per line (driver verb `tokens`);
-- SEATS_FILE: "EVENT_ID [seat ids]" per line, disjoint blocks (driver verb `create-event --seats-file`).
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

local tokens, blocks, stride, next_block

function init(args)
  assert(#args >= 3, "usage: -- TOKENS_FILE SEATS_FILE THREADS")
  tokens = read_lines(args[1])
  blocks = {}
  for _, line in ipairs(read_lines(args[2])) do
    local event, seats = line:match("^(%S+) (.+)$")
    table.insert(blocks, { path = "/api/v1/events/" .. event .. "/reservations", seats = seats })
  end
  stride = tonumber(args[3])
  next_block = thread_index
end

function request()
  local block = next_block
  next_block = next_block + stride
  local target = blocks[block % #blocks + 1]
  local body = string.format('{"client_reservation_id":"wrk-%d-%d","seat_ids":%s}', thread_index, block, target.seats)
  return wrk.format("POST", target.path, {
    ["Authorization"] = "Bearer " .. tokens[block % #tokens + 1],
    ["Content-Type"] = "application/json",
  }, body)
end
