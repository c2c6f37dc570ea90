-- hold_best.lua: choose and hold the best free seats in one run.
-- KEYS: the event's keys (common.lua). ARGV[1] clock offset, ARGV[2] changes channel,
-- ARGV[3] new hold id, ARGV[4] user id, ARGV[5] client reservation id,
-- ARGV[6] ttl seconds ('' = the event's default), ARGV[7] admitted fan id ('' = no waiting room),
-- ARGV[8] quantity (>= 1), ARGV[9] section id ('' = any section), ARGV[10] '1' = all seats adjacent in one row.
-- Choice: rows front first (row 1 of every section, then row 2, ...; sections in layout order:
-- the order load_event stores the rows in).
-- A block of `quantity` side by side in one row wins, placed so that it strands no single empty
-- seat if a row allows that within STRICT_REACH rows of the first row that can take the block
-- (else that row's block); otherwise (when adjacency is not required) the front-most free seats,
-- taken run by run.
-- Replies: as hold_seats.lua, but {'not_enough', quantity} instead of 'unavailable',
-- and without 'unknown' / 'duplicate'. A refused hold takes no seat; like a successful one it may
-- end holds whose time has passed (as the sweep would) and move meta's 'best_from_<q>' marks
-- forward (where later walks start).
local hold_id, user, client_id, ttl_arg, admitted_fan = ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local quantity, section, adjacent = tonumber(ARGV[8]), ARGV[9], ARGV[10] == '1'
local now = now_ms()
local function mark_field(q)
    return 'best_from_' .. q
end
-- The marks of where walks may start (see below) ride in the event's meta read.
local meta = event_meta('free_gen', mark_field(quantity), mark_field(1))

local early, ttl = hold_preflight(now, meta, user, client_id, ttl_arg, quantity, admitted_fan)
if early then
    return early
end
-- Holds whose time has passed but which the sweep has not ended yet are ended first, a few at
-- most: with none left, the row counts and the status string are exact and the walk marks usable.
-- In a sale with abandoned holds there is nearly always one between two sweeps, and counting its
-- seats free instead meant reading rows seat by seat from the front (milliseconds per call).
-- Before the user's view is read, so that a hold of this user ended here is seen ended there.
local ELAPSED_DECODE_MAX = 64
local more_due = false
if meta.held > 0 then
    local _, freed, more = end_due_holds(now, ELAPSED_DECODE_MAX)
    more_due = more
    if freed > 0 then
        meta.held, meta.available = meta.held - freed, meta.available + freed
        -- Freeing seats moved the marks read with meta back (or voided them): read them anew.
        meta.extra = redis.call('HMGET', K_META, 'free_gen', mark_field(quantity), mark_field(1))
    end
end
local not_enough = { 'not_enough', quantity }
-- Held seats may belong to elapsed holds, so only available + held bounds what can be found.
if meta.available + meta.held < quantity then
    return not_enough
end

local view = user_view(user, now, quantity, meta.max_per_user)
local over_limit = ticket_limit_reply(meta, view, quantity)
if over_limit then
    return over_limit
end

-- Holds that have elapsed but are still not swept (more fell due than were ended above): their
-- seats count as free. The row free counts still count them held, so their seats are added back
-- per row. With more of them than is worth decoding here, no row is skipped by count. When the
-- sweep above found fewer than it may end, none is left and the expiry set is not read again.
local elapsed, elapsed_free, elapsed_seats, counts_usable = {}, {}, 0, true
if more_due and meta.held > 0 then
    local due = redis.call('ZRANGEBYSCORE', K_EXPIRY, '-inf', now)
    counts_usable = #due <= ELAPSED_DECODE_MAX
    for _, id in ipairs(due) do
        elapsed['h|' .. id] = true
        local h = counts_usable and hold_load(id)
        if h then
            elapsed_seats = elapsed_seats + #h.seats
            for _, seat in ipairs(h.seats) do
                local row = row_of(seat)
                elapsed_free[row] = (elapsed_free[row] or 0) + 1
            end
        end
    end
end

-- A hall whose free seats (available, or held by elapsed holds) are fewer is full for this request.
if counts_usable and meta.available + elapsed_seats < quantity then
    return not_enough
end

-- Candidate rows in choice order (load_event stores them so; parsed_rows keeps them parsed), with
-- their free counts read a page at a time and only as far as the choice needs: a row that cannot
-- serve the request is skipped by its count, without reading its seats (all rows are read when
-- counts are not usable).
local PAGE = 64
local all_rows = parsed_rows()
-- What this call learns of a row, by its position: its free seats (count) and free runs.
local free_of, runs_of = {}, {}

-- Where the walk may start. meta 'best_from_<q>' = '<free_gen>:<i>' says that no row before
-- position i of the rows list had q available seats side by side when a walk saw them. A row
-- gains such a block only when seats of it become free, which moves the mark back to that row
-- (row_free_add in common.lua; or voids every mark by bumping 'free_gen', for an event loaded
-- before rows had positions); while it stands, the rows before i cannot serve a block of q and
-- are not read. Without it a sale that fills the hall front first reads every full row again on
-- every call. Marks are used and written only when no elapsed hold is counted free (its seats
-- may lie in the skipped rows) and, for writing, when every section was walked.
local marks_usable = counts_usable and next(elapsed) == nil
local marks = meta.extra
local free_gen = marks[1] or '0'
local function mark_of(raw)
    local gen, position = string.match(raw or '', '^(%d+):(%d+)$')
    if marks_usable and gen == free_gen then
        return tonumber(position)
    end
    return 0
end
-- The rows of the current walk, read so far from where it started.
local rows, rows_read, rows_done, page_size
local function walk_from(position)
    -- The first page is short: from a mark, the first rows usually serve.
    rows, rows_read, rows_done, page_size = {}, position, false, 2
end

local function read_page()
    local first = rows_read
    rows_read = math.min(first + page_size, #all_rows)
    rows_done = rows_read == #all_rows
    page_size = PAGE
    local page, fields = {}, {}
    for position = first, rows_read - 1 do
        local row = all_rows[position + 1]
        if section == '' or section == row.section then
            page[#page + 1] = row
            fields[#fields + 1] = row.id
            free_of[position] = row.count
        end
    end
    if counts_usable and #page > 0 then
        local free = redis.call('HMGET', K_ROW_FREE, unpack(fields))
        for i, row in ipairs(page) do
            free_of[row.position] = tonumber(free[i]) + (elapsed_free[row.id] or 0)
        end
    end
    for _, row in ipairs(page) do
        rows[#rows + 1] = row
    end
end

-- Iterates the candidate rows front first, reading further pages on demand.
local function candidate_rows()
    local i = 0
    return function()
        i = i + 1
        while i > #rows and not rows_done do
            read_page()
        end
        return rows[i]
    end
end

local function seat_id(row, number)
    return row.id .. '-' .. number
end

local function choose(row, number, seats)
    seats[#seats + 1] = seat_id(row, number)
end

-- The block of `quantity` seats of the row from seat number `start`.
local function block_at(row, start)
    local seats = {}
    for number = start, start + quantity - 1 do
        choose(row, number, seats)
    end
    return seats
end

-- Free runs of a row as {first, last} seat numbers, read once per row. With no elapsed hold to
-- count free, a seat is free exactly when its byte in `status` is 'a' (the string is exact, like
-- the counts), so the row is one GETRANGE from its first seat's position instead of an HMGET of
-- every seat of the row (the row's seats lie at first + number - 1), and its runs are the runs of
-- 'a' in those bytes, found by the string library rather than seat by seat in Lua.
local function free_runs(row)
    if runs_of[row.position] then
        return runs_of[row.position]
    end
    local runs = {}
    if next(elapsed) == nil then
        -- Where the row's seats start in status never changes: parsed_rows keeps it once read.
        row.first = row.first or seat_position(redis.call('HGET', K_SEAT_INDEX, seat_id(row, 1)))
        local first = row.first
        local bytes = redis.call('GETRANGE', K_STATUS, int(first), int(first + row.count - 1))
        for from, past in string.gmatch(bytes, '()a+()') do
            runs[#runs + 1] = { from, past - 1 }
        end
    else
        local ids = {}
        for number = 1, row.count do
            ids[number] = seat_id(row, number)
        end
        local states = redis.call('HMGET', K_SEATS, unpack(ids))
        local start
        for number = 1, row.count + 1 do
            local state = states[number]
            local free = state and (state == 'a' or elapsed[state])
            if free and not start then
                start = number
            elseif not free and start then
                runs[#runs + 1] = { start, number - 1 }
                start = nil
            end
        end
    end
    runs_of[row.position] = runs
    return runs
end

-- First start of a block of `quantity` in the run, leaving no lone seat on either side when
-- `strict`; nil when the run cannot take it.
local function place(run, strict)
    local first, last = run[1], run[2]
    for start = first, last - quantity + 1 do
        local left, right = start - first, last - (start + quantity - 1)
        if not strict or (left ~= 1 and right ~= 1) then
            return start
        end
    end
    return nil
end

-- How far behind the first row that can take the block a block that strands no seat is looked
-- for: a front row's block beats one that strands nothing far back, and in a nearly full hall,
-- where no row is left without a stranded seat, the search used to read every row to the end
-- (over half of best available's Redis time in a 20,000-seat fill, load/EngineBench/best-available.sh).
local STRICT_REACH = 16

-- The first block of `quantity` adjacent seats, front first: one that strands no single seat if
-- a row within STRICT_REACH rows of the first row with any block has one, else that first block.
-- Also returns the position of the first row with any block (where the next walk may start).
local function block_in_some_row()
    local loose, loose_index, index = nil, nil, 0
    for row in candidate_rows() do
        index = index + 1
        if loose_index and index > loose_index + STRICT_REACH then
            break
        end
        for _, run in ipairs(free_of[row.position] >= quantity and free_runs(row) or {}) do
            local start = place(run, true)
            if start then
                return block_at(row, start), (loose and loose[1] or row).position
            end
            if not loose then
                start = place(run, false)
                if start then
                    loose, loose_index = { row, start }, index
                end
            end
        end
    end
    if loose then
        return block_at(loose[1], loose[2]), loose[1].position
    end
    return nil, nil
end

-- Front-most free seats, run by run. With `strict`, a run is not cut so that one seat is
-- stranded (one fewer is taken there and the rest comes from later runs).
local function scattered(strict)
    local seats = {}
    for row in candidate_rows() do
        for _, run in ipairs(free_of[row.position] > 0 and free_runs(row) or {}) do
            local wanted = quantity - #seats
            local size = run[2] - run[1] + 1
            local take = math.min(wanted, size)
            if strict and size - take == 1 and take > 1 then
                take = take - 1
            end
            for number = run[1], run[1] + take - 1 do
                choose(row, number, seats)
            end
            if #seats == quantity then
                return seats
            end
        end
    end
    return nil
end

-- The position of the first row the current walk read with a free seat (a block of one), or nil.
local function first_free()
    for _, row in ipairs(rows) do
        if free_of[row.position] > 0 then
            return row.position
        end
    end
    return nil
end

-- Marks where the next walk for q may start: the first row the current walk found a block of q
-- in (`block`), else the end of what it read; its rows are consecutive from where it started.
-- A row with q free seats but no q of them side by side is not where the mark stays: in a
-- nearly full hall, where most rows left are like that, every call for q then walked from it
-- to the end of the hall again (a millisecond or more each, in the stadium's last percent).
local function write_mark(q, raw, block)
    if not (marks_usable and section == '') then
        return
    end
    local position = block or rows_read
    if position > mark_of(raw) then
        redis.call('HSET', K_META, mark_field(q), free_gen .. ':' .. position)
    end
end
-- A block of q seats lies only in a row with q free seats or more, so its walk starts at the
-- mark for q, even when the request may scatter: a lone free seat near the front then costs no
-- walk over every row up to the block. Scattered seats may come from any row with a free seat, so
-- that walk, only when no row holds a block, starts at the mark for one seat.
walk_from(mark_of(marks[2]))
local seats, first_block = block_in_some_row()
write_mark(quantity, marks[2], first_block)
if not seats and not adjacent then
    walk_from(mark_of(marks[3]))
    seats = scattered(true) or scattered(false)
    if quantity ~= 1 then
        write_mark(1, marks[3], first_free())
    end
end

if not seats then
    return not_enough
end

-- With no elapsed hold counted free, the chosen seats are 'a' by the exact status string: their
-- states are not read again.
local states = {}
if next(elapsed) == nil then
    for i = 1, #seats do
        states[i] = 'a'
    end
else
    states = redis.call('HMGET', K_SEATS, unpack(seats))
end
local json = create_hold(now, meta, hold_id, user, client_id, ttl, seats, states, view)
publish_changes()
return hold_reply(json, now)
