-- load_event.lua: put an event's layout, prices and limits into Redis, every seat available.
-- Seats get their positions (in seat_index beside their prices, and their byte in status) in
-- argument order, which is layout order: sections, their rows, seats 1..n, as EventLayout.Seats()
-- lists them in C#.
-- Loading an event that is already loaded changes nothing (its live state is kept).
-- KEYS: the event's keys (common.lua). ARGV[1] clock offset, ARGV[2] changes channel,
-- ARGV[3] currency, ARGV[4] default hold ttl seconds, ARGV[5] max seats per hold,
-- ARGV[6] max tickets per user, ARGV[7] max extensions per hold, ARGV[8] layout JSON,
-- ARGV[9] sale status (the event's lifecycle status), ARGV[10] opens_at ms ('' = none),
-- ARGV[11..] quadruples in layout order: section id, row id, seat count, price in cents.
-- The sale status is written in the same run as the seats, so no hold can land between a load
-- and the status that should refuse it.
-- Replies: 1 when loaded now, 0 when it was already loaded.
if redis.call('EXISTS', K_META) == 1 then
    return 0
end
-- A fresh load starts at version 0: a change log left from an earlier load of the event (its
-- other keys lost) would hold higher versions and refuse the new ones, so it goes.
redis.call('DEL', K_CHANGE_LOG)
local BATCH = 500
local total = 0
-- Rows are listed in best-available choice order: row 1 of every section (sections in layout
-- order), then row 2, ..., so best available reads them front first, a page at a time, unsorted.
local rows, section_order, row_position = {}, {}, {}
for i = 11, #ARGV, 4 do
    local section, row, count, cents = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2]), ARGV[i + 3]
    if not section_order[section] then
        section_order[section] = #rows
        row_position[section] = 0
    end
    row_position[section] = row_position[section] + 1
    local row_id = section .. '-' .. row
    rows[#rows + 1] = { rank = row_position[section], order = section_order[section], id = row_id,
        entry = section .. '\t' .. row .. '\t' .. count }
    redis.call('HSET', K_ROW_FREE, row_id, count)
    local states, index = {}, {}
    for number = 1, count do
        local seat = row_id .. '-' .. number
        states[#states + 1] = seat
        states[#states + 1] = 'a'
        index[#index + 1] = seat
        index[#index + 1] = int(total + number - 1) .. '|' .. cents
        if #states >= BATCH * 2 or number == count then
            redis.call('HSET', K_SEATS, unpack(states))
            redis.call('HSET', K_SEAT_INDEX, unpack(index))
            states, index = {}, {}
        end
    end
    total = total + count
end
redis.call('SET', K_STATUS, string.rep('a', total))
-- Best available reads row_free and row_at on every call, and every hold or release moves
-- row_free. A hall of fewer than 512 rows would keep them as listpacks, searched field by field
-- (an HINCRBY at 400 rows took 3x a hash table's): HASH_TABLE_FIELD makes them hash tables.
local table_value = string.rep('.', 80)
redis.call('HSET', K_ROW_FREE, HASH_TABLE_FIELD, table_value)
redis.call('HSET', K_ROW_AT, HASH_TABLE_FIELD, table_value)
table.sort(rows, function(a, b)
    if a.rank ~= b.rank then
        return a.rank < b.rank
    end
    return a.order < b.order
end)
local positions = {}
for i, row in ipairs(rows) do
    redis.call('RPUSH', K_ROWS, row.entry)
    positions[#positions + 1] = row.id
    positions[#positions + 1] = i - 1
    if #positions >= BATCH * 2 or i == #rows then
        redis.call('HSET', K_ROW_AT, unpack(positions))
        positions = {}
    end
end
redis.call('SET', K_LAYOUT, ARGV[8])
redis.call('HSET', K_META,
    'currency', ARGV[3], 'hold_ttl', ARGV[4], 'max_per_hold', ARGV[5], 'max_per_user', ARGV[6],
    'max_ext', ARGV[7], 'total', total, 'available', total, 'held', 0, 'sold', 0, 'blocked', 0, 'version', 0,
    'sale', ARGV[9])
if ARGV[10] ~= '' then
    redis.call('HSET', K_META, 'opens_at', ARGV[10])
end
return 1
