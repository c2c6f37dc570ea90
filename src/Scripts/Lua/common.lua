-- common.lua: the shared prelude of the engine's function library. The C# loader
-- (Execution/ScriptLibrary.cs) puts this file once at the head of the library, then every other
-- script as one registered function, so all scripts agree on key order, seat encoding and hold
-- bookkeeping without copies, and Redis builds these locals and closures once per FUNCTION LOAD
-- instead of on every call. It defines locals only and returns nothing. Ahead of it come
-- the constants shared with C# (HOLD_TTL_MIN, HOLD_TTL_MAX, OUTBOX_WAKE, ORDER_FIELD,
-- CONFIRMED_AT_FIELD, CHANGE_LOG_LENGTH, CHANGE_FIELD, SALE_ON_SALE, SALE_SCHEDULED), declared from
-- Keys/ScriptConstants.cs.
--
-- KEYS, the same for every script (Keys/EventKeys.cs builds them, all with the {ev:<id>} tag):
--   1 meta        hash   currency, hold_ttl, max_per_hold, max_per_user, max_ext,
--                        total, available, held, sold, blocked (exact counters), version,
--                        sale (the event's lifecycle status; absent = on sale), opens_at (ms, when scheduled)
--   2 seats       hash   seat id -> 'a' | 'h|<holdId>' | 's|<orderId>|<userId>' | 'b|<blockId>'
--   3 prices      hash   seat id -> price in integer cents, as written before seat_index held the
--                        prices; read only for an event loaded then (seat_facts below)
--   4 rows        list   '<section>\t<row>\t<seat count>' in best-available order (row 1 of each section, row 2, ...)
--   5 layout      string the layout JSON, read by the C# side for seat details
--   6 holds       hash   hold id -> hold record JSON (see new_hold below)
--   7 expiry      zset   live (held or paying) hold id -> expires at (ms)
--   8 retention   zset   ended hold id -> when its record, client id and order may be purged (ms)
--   9 users       hash   user id -> '<seats>|<holdId> ...': seats in the user's live holds plus seats
--                        sold to the user, then the ids of the user's live holds (user_read below)
--  10 user_holds  hash   user id -> space separated ids of the user's live holds, as written before
--                        users held them too; read only for an entry of users in the old form
--  11 client_ids  hash   '<userId>\n<clientReservationId>' -> hold id
--  12 orders      hash   order id -> '<confirmed_at_ms>|<order JSON>'
--  13 outbox      stream one entry per committed order: order, confirmed_at_ms
--  14 row_free    hash   '<section>-<row>' -> seats of the row in state 'a' (exact, like the counters)
--  15 status      string one byte per seat in layout order: 'a' available, 'h' held or paying, 's' sold,
--                        'b' blocked (the first letter of the seat's state; exact, like the counters)
--  16 seat_index  hash   seat id -> '<position>|<cents>': the seat's 0-based position in layout order
--                        (its byte in status) and its price in integer cents (seat_facts below)
--  17 change_log  stream the last ~CHANGE_LOG_LENGTH change messages, entry id '<version>-0', field
--                        CHANGE_FIELD = the message as published (resume for live seat feeds)
--  18 wr:admitted zset   the waiting room's admitted fan id -> admission expiry (ms); read by the
--                        hold scripts only (room_*.lua own it)
--  19 unwritten_orders zset the outbox entry ids whose orders PostgreSQL does not have yet, each
--                        scored by its buyer (Orders/UnwrittenOrders.cs, ScoreOf): /me/orders reads one
--                        buyer's with one ZRANGEBYSCORE; the outbox writer's acknowledgement removes them
--  20 blocks      hash   block id -> seat block record JSON {id, reason, seats, created} (block_seats.lua)
-- ARGV[1]: clock offset in ms added to Redis TIME (always 0 in production; tests move time).
-- ARGV[2]: the pub/sub channel for seat changes. A script's own arguments start at ARGV[3].
--
-- A function gets its keys and arguments as parameters; there are no KEYS/ARGV globals, and a
-- library may not create globals. So the call's keys, arguments and channel live in the
-- library-level locals below (scripts read ARGV as before), set by begin_call() as the first thing
-- every registered function does. Redis runs one function at a time, each to completion, so no two
-- calls ever share them.
local ARGV
local K_META, K_SEATS, K_PRICES, K_ROWS, K_LAYOUT
local K_HOLDS, K_EXPIRY, K_RETENTION, K_USERS, K_USER_HOLDS
local K_CLIENT_IDS, K_ORDERS, K_OUTBOX, K_ROW_FREE
local K_STATUS, K_SEAT_INDEX, K_CHANGE_LOG, K_ADMITTED, K_UNWRITTEN
local K_BLOCKS, K_ROW_AT
local CHANNEL

-- An ended hold (and its order) stays readable this long, so clients can read its end state.
local RETAIN_MS = 24 * 3600 * 1000

-- A whole number as text. Numbers go to redis.call through this: Redis 7.0 turns a Lua number
-- argument into text with printf's '%.17g', whose exact decimal conversion showed in the
-- profile of every hold; '%d' is a plain integer conversion.
local function int(n)
    return string.format('%d', n)
end

local function now_ms()
    local t = redis.call('TIME')
    return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
end

local function hold_load(id)
    local raw = redis.call('HGET', K_HOLDS, id)
    if not raw then
        return nil
    end
    return cjson.decode(raw)
end

-- Stores the hold record and returns its JSON, so a reply reuses it instead of encoding again.
local function hold_save(h)
    local json = cjson.encode(h)
    redis.call('HSET', K_HOLDS, h.id, json)
    return json
end

local function is_live_status(status)
    return status == 'held' or status == 'paying'
end

-- A live hold whose time has passed is expired for every purpose, swept or not.
local function has_elapsed(h, now)
    return is_live_status(h.status) and h.exp <= now
end

-- Seat changes of this run, last status per seat, published once by publish_changes().
local changes, change_index

-- Binds a call's keys and arguments and starts its change list empty (see ARGV above).
local function begin_call(keys, args)
    ARGV = args
    K_META, K_SEATS, K_PRICES, K_ROWS, K_LAYOUT = keys[1], keys[2], keys[3], keys[4], keys[5]
    K_HOLDS, K_EXPIRY, K_RETENTION, K_USERS, K_USER_HOLDS = keys[6], keys[7], keys[8], keys[9], keys[10]
    K_CLIENT_IDS, K_ORDERS, K_OUTBOX, K_ROW_FREE = keys[11], keys[12], keys[13], keys[14]
    K_STATUS, K_SEAT_INDEX, K_CHANGE_LOG, K_ADMITTED, K_UNWRITTEN = keys[15], keys[16], keys[17], keys[18], keys[19]
    K_BLOCKS, K_ROW_AT = keys[20], keys[21]
    CHANNEL = args[2]
    changes, change_index = {}, {}
end

local function meta_number(field)
    return tonumber(redis.call('HGET', K_META, field) or '0')
end

local function note_change(seat, status)
    local i = change_index[seat]
    if i then
        changes[i][2] = status
    else
        changes[#changes + 1] = { seat, status }
        change_index[seat] = #changes
    end
end

-- seat_index: seat id -> '<position>|<cents>', the seat's byte in status and its price now, so a
-- hold finds both with one read. An event loaded before prices moved here has the position alone
-- there, and its prices in the prices hash (key 3). The position in a value of either form:
local function seat_position(raw)
    return tonumber(string.match(raw, '^%d+'))
end

-- The seats' positions and prices in cents (numbers, seats order) with one HMGET, and whether
-- the event keeps its prices apart (loaded before seat_index held them: they are read there).
-- Every seat must be the event's.
local function seat_facts(seats)
    local raw = redis.call('HMGET', K_SEAT_INDEX, unpack(seats))
    local positions, prices, apart = {}, {}, false
    for i = 1, #seats do
        local bar = string.find(raw[i], '|', 1, true)
        if bar then
            positions[i] = tonumber(string.sub(raw[i], 1, bar - 1))
            prices[i] = tonumber(string.sub(raw[i], bar + 1))
        else
            positions[i] = tonumber(raw[i])
            apart = true
        end
    end
    if apart then
        prices = redis.call('HMGET', K_PRICES, unpack(seats))
        for i = 1, #seats do
            prices[i] = tonumber(prices[i])
        end
    end
    return positions, prices, apart
end

-- Writes the status byte of the seats (the first letter of their new state), so the seat map
-- reads one string instead of the whole seats hash. One HMGET finds their positions (unless the
-- caller knows them: `positions`, numbers in seats order); seats at consecutive positions (a block from
-- best available) share one SETRANGE. (One BITFIELD for all seats measured slower than a
-- SETRANGE per run, even for 4 scattered seats.) Never fails halfway, since a script's writes
-- are not rolled back. Returns the positions.
local function status_write(seats, state, positions)
    positions = positions or (seat_facts(seats))
    local byte = string.sub(state, 1, 1)
    local start, run = 0, 0
    for i = 1, #seats + 1 do
        -- Past the last seat, nil ends the last run (whatever a caller's table holds there).
        local position = i <= #seats and positions[i] or nil
        if run > 0 and position == start + run then
            run = run + 1
        else
            if run > 0 then
                redis.call('SETRANGE', K_STATUS, int(start), string.rep(byte, run))
            end
            start, run = position or 0, position and 1 or 0
        end
    end
    return positions
end

-- Every change of a seat's state goes through seat_set or seats_set: they keep the seats hash,
-- the status string and the change feed together.
local function seat_set(seat, state, status)
    redis.call('HSET', K_SEATS, seat, state)
    status_write({ seat }, state)
    note_change(seat, status)
end

-- Gives every seat of the list the same state with one HSET (`positions`: see status_write,
-- which gives them back).
local function seats_set(seats, state, status, positions)
    local fields = {}
    for _, seat in ipairs(seats) do
        fields[#fields + 1] = seat
        fields[#fields + 1] = state
        note_change(seat, status)
    end
    redis.call('HSET', K_SEATS, unpack(fields))
    return status_write(seats, state, positions)
end

-- Best available's rows list, parsed, by rows key: {section, row, count, id ('<section>-<row>'),
-- position (0-based)} in choice order, and, once a walk has read it, `first` (where the row's
-- seats start in status). An event's layout never changes once loaded (the C# side keeps it per
-- event id for the same reason: Layout/LayoutIndex.cs), so neither does its rows list nor those
-- positions: this Redis process parses an event's list once (one LRANGE of every row) instead of
-- a page of it on every call, which was most of a walk's time. Only facts no write moves are
-- kept here: what a script does still depends on the keys alone. At most ROWS_KEPT events are
-- kept, the oldest parsed going first; FUNCTION LOAD and a restart start afresh.
local ROWS_KEPT = 16
local rows_kept, rows_kept_order = {}, {}
local function parsed_rows()
    local rows = rows_kept[K_ROWS]
    if rows then
        return rows
    end
    rows = {}
    for i, entry in ipairs(redis.call('LRANGE', K_ROWS, 0, -1)) do
        local section, row, count = string.match(entry, '^(.-)\t(.-)\t(%d+)$')
        rows[i] = { section = section, row = row, count = tonumber(count), id = section .. '-' .. row, position = i - 1 }
    end
    if #rows > 0 then
        rows_kept_order[#rows_kept_order + 1] = K_ROWS
        if #rows_kept_order > ROWS_KEPT then
            rows_kept[table.remove(rows_kept_order, 1)] = nil
        end
        rows_kept[K_ROWS] = rows
    end
    return rows
end

-- The row_free field of a seat: its id without the trailing '-<number>'.
local function row_of(seat)
    return string.match(seat, '^(.*)%-%d+$')
end

-- The longest run of free seats through any of a row's freed seats (`span`: their positions in
-- status, lowest and highest), looked for no further than `reach` seats beyond them: one
-- GETRANGE of status around them. A run that reaches the next row's bytes is counted whole,
-- which can only overstate it.
local function freed_run(span, reach)
    local from = math.max(span.low - reach, 0)
    local bytes = redis.call('GETRANGE', K_STATUS, int(from), int(span.high + reach))
    local longest = 0
    for first, past in string.gmatch(bytes, '()a+()') do
        local run_from, run_to = from + first - 1, from + past - 2
        for _, position in ipairs(span.positions) do
            if position >= run_from and position <= run_to then
                longest = math.max(longest, past - first)
                break
            end
        end
    end
    return longest
end

-- Seats became free in `rows` (whose free counts are now `counts`): a row may now hold a block
-- that no walk of best available found when it passed the row. Every walk mark (hold_best.lua,
-- 'best_from_<q>' = '<free_gen>:<position>') beyond a row that may now serve q seats side by side
-- moves back to that row, so walks start where room appeared instead of at the front of the
-- hall. A new block has a freed seat in it: with the freed seats' positions (`spans`, per row)
-- a row serves q only when a run of q free seats passes through one of them, else (positions
-- unknown) when its count reaches q. An event loaded before rows had positions ('row_at') voids
-- every mark instead, by moving 'free_gen'.
local function marks_lower(rows, counts, spans)
    local at = redis.call('HMGET', K_ROW_AT, unpack(rows))
    local most = 0
    for i = 1, #rows do
        if not at[i] then
            redis.call('HINCRBY', K_META, 'free_gen', '1')
            return
        end
        at[i] = tonumber(at[i])
        most = math.max(most, counts[i])
    end
    local top = math.min(most, tonumber(redis.call('HGET', K_META, 'max_per_hold')) or most)
    if top < 1 then
        return
    end
    local fields = {}
    for q = 1, top do
        fields[q] = 'best_from_' .. q
    end
    local marks, gens, positions = redis.call('HMGET', K_META, unpack(fields)), {}, {}
    for q = 1, top do
        local gen, position = string.match(marks[q] or '', '^(%d+):(%d+)$')
        gens[q], positions[q] = gen, tonumber(position)
    end
    -- The most seats side by side each row may now serve (a single freed seat always serves 1),
    -- read around the freed seats only when their count could move a mark for 2 seats or more.
    local serves = {}
    for i = 1, #rows do
        serves[i] = counts[i]
        local could_lower = false
        for q = 2, math.min(top, counts[i]) do
            could_lower = could_lower or (positions[q] ~= nil and at[i] < positions[q])
        end
        if spans[i] and could_lower then
            serves[i] = math.min(counts[i], freed_run(spans[i], top - 1))
        end
    end
    local lowered = {}
    for q = 1, top do
        local gen, position = gens[q], positions[q]
        local lowest = position
        for i = 1, #rows do
            if lowest and serves[i] >= q and at[i] < lowest then
                lowest = at[i]
            end
        end
        if lowest and lowest < position then
            lowered[#lowered + 1] = fields[q]
            lowered[#lowered + 1] = gen .. ':' .. lowest
        end
    end
    if #lowered > 0 then
        redis.call('HSET', K_META, unpack(lowered))
    end
end

-- Moves the free count of each seat's row by `delta` (+1 a seat became 'a', -1 it stopped being
-- 'a'), one HINCRBY per row (an HMGET and an HSET for all rows measured slower). Best available reads these counts to skip rows that cannot serve a
-- request without reading their seats, so every change to or from 'a' must pass through here.
-- `positions` (optional, numbers in seats order, as seats_set gives them back) are the seats'
-- bytes in status, already written: freed seats then move the walk marks only as far as the
-- blocks they make (marks_lower).
local function row_free_add(seats, delta, positions)
    local rows, by_row, spans = {}, {}, {}
    for i, seat in ipairs(seats) do
        local row = row_of(seat)
        if not by_row[row] then
            by_row[row] = 0
            rows[#rows + 1] = row
        end
        by_row[row] = by_row[row] + delta
        local position = positions and positions[i]
        if position then
            local span = spans[row]
            if span then
                span.low, span.high = math.min(span.low, position), math.max(span.high, position)
                span.positions[#span.positions + 1] = position
            else
                spans[row] = { low = position, high = position, positions = { position } }
            end
        end
    end
    local counts, row_spans = {}, {}
    for i, row in ipairs(rows) do
        counts[i] = redis.call('HINCRBY', K_ROW_FREE, row, int(by_row[row]))
        row_spans[i] = spans[row]
    end
    if delta > 0 and #rows > 0 then
        marks_lower(rows, counts, row_spans)
    end
end

-- A string as JSON, exactly as cjson writes it. Seat ids are plain ASCII, which needs no escaping:
-- quoting them directly skips a cjson call per changed seat (the message is built on every change).
local function json_string(s)
    if string.find(s, '[%c"\\/\128-\255]') then
        return cjson.encode(s)
    end
    return '"' .. s .. '"'
end

-- Bumps the version once and publishes {"version":N,"changes":[...]} when seats changed. The same
-- message goes into the change log under the id '<version>-0' in the same run, so a feed that
-- missed messages reads exactly those versions back (XRANGE), and a version is in the log before
-- any subscriber can see it. The log is capped (approximately, which trims whole stream nodes and
-- keeps the XADD cheap); a reader whose version has been trimmed away starts from a snapshot.
local function publish_changes()
    if #changes == 0 then
        return meta_number('version')
    end
    local version = redis.call('HINCRBY', K_META, 'version', '1')
    local parts = {}
    for i, c in ipairs(changes) do
        parts[i] = '{"seat_id":' .. json_string(c[1]) .. ',"status":"' .. c[2] .. '"}'
    end
    local message = '{"version":' .. int(version) .. ',"changes":[' .. table.concat(parts, ',') .. ']}'
    redis.call('XADD', K_CHANGE_LOG, 'MAXLEN', '~', CHANGE_LOG_LENGTH, int(version) .. '-0', CHANGE_FIELD, message)
    redis.call('PUBLISH', CHANNEL, message)
    changes, change_index = {}, {}
    return version
end

-- The last thing every registered function does (Execution/ScriptLibrary.cs), whichever way its
-- script returned: seat changes the run made and has not published yet are published, so that
-- no return path leaves the version and the live feeds behind the seats (best available, for
-- one, may end lapsed holds and then refuse).
local function end_call(reply)
    if #changes > 0 then
        publish_changes()
    end
    return reply
end

-- A user's entry in users: '<seats>|<holdId> <holdId> ...', the seats the user holds live or
-- owns (what the ticket limit counts), then the ids of the user's live holds. Both live in one
-- field so that a hold reads the user once and writes the user once. An entry without '|' was
-- written before they shared a field: its hold ids are still in user_holds, read from there until
-- the entry is next written (user_holds is never written again, so what is left there is never
-- read once the user's entry has the new form). Returns the seats and the ids as the entry keeps
-- them (a space separated list, '' for none): a new hold appends its id without splitting them.
local function user_read(user)
    local raw = redis.call('HGET', K_USERS, user)
    if not raw then
        return 0, ''
    end
    local bar = string.find(raw, '|', 1, true)
    if bar then
        return tonumber(string.sub(raw, 1, bar - 1)), string.sub(raw, bar + 1)
    end
    return tonumber(raw), redis.call('HGET', K_USER_HOLDS, user) or ''
end

-- Writes a user's entry (see user_read); a user with no seat and no live hold has none.
local function user_write(user, seats, list)
    if seats == 0 and list == '' then
        redis.call('HDEL', K_USERS, user)
    else
        redis.call('HSET', K_USERS, user, int(seats) .. '|' .. list)
    end
end

-- The hold ids of an entry's list (user_read), in order.
local function hold_ids_of(list)
    local ids = {}
    for id in string.gmatch(list, '%S+') do
        ids[#ids + 1] = id
    end
    return ids
end

-- Moves the seats a user holds or owns by `delta`, the user's live holds unchanged.
local function user_add_seats(user, delta)
    local seats, list = user_read(user)
    user_write(user, seats + delta, list)
end

-- Takes a hold off its user's live holds; `freed` of its seats stop counting for the user (all
-- when the hold ends, none when it is sold: sold seats count against the limit as held ones did).
-- The id is cut out of the list where a plain find meets it, so that ending a hold, like making
-- one, does not split the user's other holds.
local function user_drop_hold(user, id, freed)
    local seats, list = user_read(user)
    local padded = ' ' .. list .. ' '
    local from, to = string.find(padded, ' ' .. id .. ' ', 1, true)
    if from then
        list = string.match(string.sub(padded, 1, from) .. string.sub(padded, to + 1), '^%s*(.-)%s*$')
    end
    user_write(user, seats - freed, list)
end

-- Moves a hold out of the live set: it is kept readable until the retention time. The caller
-- takes it off its user's live holds (user_drop_hold), with the seats the user no longer holds.
local function retire(h, status, now)
    redis.call('ZREM', K_EXPIRY, h.id)
    h.status = status
    h.fence = h.fence + 1
    hold_save(h)
    redis.call('ZADD', K_RETENTION, int(now + RETAIN_MS), h.id)
end

-- Ends a live hold as 'expired' or 'released': its seats become available, counters follow.
-- A live hold always owns all its seats (repair ends a hold before taking one of its seats).
local function end_hold(h, status, now)
    local n = #h.seats
    row_free_add(h.seats, 1, seats_set(h.seats, 'a', 'available', h.pos))
    redis.call('HINCRBY', K_META, 'held', int(-n))
    redis.call('HINCRBY', K_META, 'available', int(n))
    user_drop_hold(h.user, h.id, n)
    retire(h, status, now)
end

-- Ends up to `max` holds whose time has passed, earliest first: the sweep's work, which best
-- available also does before it chooses. Returns the holds and the seats ended, and whether
-- more may be due (`max` were found).
local function end_due_holds(now, max)
    local holds, seats = 0, 0
    local due = redis.call('ZRANGEBYSCORE', K_EXPIRY, '-inf', now, 'LIMIT', 0, max)
    for _, id in ipairs(due) do
        local h = hold_load(id)
        if h then
            holds = holds + 1
            seats = seats + #h.seats
            end_hold(h, 'expired', now)
        else
            redis.call('ZREM', K_EXPIRY, id)
        end
    end
    return holds, seats, #due == max
end

-- Sweeps a hold lazily: an elapsed live hold is ended as expired. Returns the hold.
local function settle(h, now)
    if has_elapsed(h, now) then
        end_hold(h, 'expired', now)
    end
    return h
end

-- The hold's status as a caller sees it now.
local function visible_status(h, now)
    if has_elapsed(h, now) then
        return 'expired'
    end
    return h.status
end

-- The event's settings, counters and sale status in one read; nil when the event is not loaded.
-- The sale status rides in the same HMGET, so refusing holds outside the sale costs no extra call.
-- Further fields a script needs from meta (`...`) ride in the same HMGET: their values are in
-- meta.extra, in the order asked.
local function event_meta(...)
    local v = redis.call('HMGET', K_META, 'hold_ttl', 'max_per_hold', 'max_per_user', 'max_ext', 'available', 'held',
        'sale', 'opens_at', ...)
    if not v[1] then
        return nil
    end
    return {
        hold_ttl = tonumber(v[1]), max_per_hold = tonumber(v[2]), max_per_user = tonumber(v[3]),
        max_ext = tonumber(v[4]), available = tonumber(v[5]), held = tonumber(v[6]),
        -- Events loaded before the lifecycle existed have no 'sale' field: they are on sale.
        sale = v[7] or SALE_ON_SALE, opens_at = tonumber(v[8]),
        extra = { select(9, unpack(v)) },
    }
end

-- nil when the event takes holds now, else the reply refusing them. A scheduled event opens at
-- opens_at by Redis' own clock, whether or not the opening job has flipped its status yet, so no
-- hold lands early however late the job or however fast a client's clock.
local function sale_refusal(meta, now)
    if meta.sale == SALE_ON_SALE then
        return nil
    end
    if meta.sale == SALE_SCHEDULED and meta.opens_at and meta.opens_at <= now then
        return nil
    end
    return { 'not_on_sale', meta.sale, meta.opens_at and int(meta.opens_at) or '' }
end

-- The reply {'duplicate', seatId...} for a list of named seats that names one twice, else nil.
local function duplicate_reply(seats)
    local seen, reply = {}, { 'duplicate' }
    for _, seat in ipairs(seats) do
        if seen[seat] == 1 then
            reply[#reply + 1] = seat
        end
        seen[seat] = (seen[seat] or 0) + 1
    end
    if #reply > 1 then
        return reply
    end
    return nil
end

-- The named seats' states in one HMGET, and the refusal of the list: {'duplicate', seatId...}
-- for a seat named twice, {'unknown', seatId...} for seats not the event's, else nil.
local function seat_states(seats)
    local duplicates = duplicate_reply(seats)
    if duplicates then
        return nil, duplicates
    end
    local states = redis.call('HMGET', K_SEATS, unpack(seats))
    local unknown = { 'unknown' }
    for i, state in ipairs(states) do
        if not state then
            unknown[#unknown + 1] = seats[i]
        end
    end
    if #unknown > 1 then
        return states, unknown
    end
    return states, nil
end

-- The hold occupying a seat state 'h|<id>', or nil.
local function holder_of(state)
    if string.sub(state, 1, 2) == 'h|' then
        return string.sub(state, 3)
    end
    return nil
end

-- What an admin change (a block, a reprice) may take: available seats, seats of holds that have
-- elapsed but are not swept yet (those holds are settled here first, so the change never meets a
-- live hold) and, with blocked_ok, blocked seats. The reply {'unavailable', seatId...} when some
-- seat is held live, being paid for or sold; nil when the change may go ahead.
local function admin_change_refusal(seats, states, now, blocked_ok)
    local unavailable, elapsed = { 'unavailable' }, {}
    for i, state in ipairs(states) do
        if state ~= 'a' and not (blocked_ok and string.sub(state, 1, 2) == 'b|') then
            local holder = holder_of(state)
            local h = holder and (elapsed[holder] or hold_load(holder))
            if h and has_elapsed(h, now) then
                elapsed[holder] = h
            else
                unavailable[#unavailable + 1] = seats[i]
            end
        end
    end
    if #unavailable > 1 then
        return unavailable
    end
    for _, h in pairs(elapsed) do
        settle(h, now)
    end
    return nil
end

-- The holders among seat states ('h|<id>') whose holds have elapsed but are not swept yet:
-- holder id -> true. The expiry zset scores every live hold by its end, so one ZMSCORE answers
-- for all of them without reading or decoding a hold record (a refused hold, the common answer
-- in a contested sale, decodes none).
local function elapsed_holders(states, now)
    local ids, seen = {}, {}
    for _, state in ipairs(states) do
        local holder = state and holder_of(state)
        if holder and not seen[holder] then
            seen[holder] = true
            ids[#ids + 1] = holder
        end
    end
    local elapsed = {}
    if #ids == 0 then
        return elapsed
    end
    local ends = redis.call('ZMSCORE', K_EXPIRY, unpack(ids))
    for i, id in ipairs(ids) do
        if ends[i] and tonumber(ends[i]) <= now then
            elapsed[id] = true
        end
    end
    return elapsed
end

-- A user's entry as the hold scripts need it for `quantity` more seats under the ticket limit:
-- the seats held or owned, the live holds' ids as the entry keeps them, and the holds that have
-- elapsed but are not swept yet with the seats they still occupy. Those are looked for only when
-- the limit could be met without them: otherwise the user's other holds are not read at all, so
-- a hold costs the same however many live holds its user has, and an elapsed one is left to the
-- sweep (the counters stay exact either way: ending a hold moves them whenever it happens).
local function user_view(user, now, quantity, limit)
    local seats, list = user_read(user)
    local view = { seats = seats, list = list, elapsed = {}, elapsed_seats = 0 }
    if list == '' or seats + quantity <= limit then
        return view
    end
    -- The expiry zset scores every live hold by its end, so one ZMSCORE finds the elapsed ones
    -- and only those records are decoded (a user's other live holds are never read here).
    local ids = hold_ids_of(list)
    local ends = redis.call('ZMSCORE', K_EXPIRY, unpack(ids))
    for i, id in ipairs(ids) do
        if ends[i] and tonumber(ends[i]) <= now then
            local h = hold_load(id)
            if h and has_elapsed(h, now) then
                view.elapsed[#view.elapsed + 1] = h
                view.elapsed_seats = view.elapsed_seats + #h.seats
            end
        end
    end
    return view
end

-- The caller's own hold, for the scripts that act on one (extend, release, payment, commit).
-- Returns the hold, or nil and the reply that ends the script: 'not_found' for an unknown hold or
-- another user's (indistinguishable on purpose), 'expired' for one whose time has passed, which
-- is settled on the spot. A committed or released hold is never live, so it passes through.
local function own_hold(id, user, now)
    local h = hold_load(id)
    if not h or h.user ~= user then
        return nil, { 'not_found' }
    end
    if has_elapsed(h, now) or h.status == 'expired' then
        settle(h, now)
        publish_changes()
        return nil, { 'expired' }
    end
    return h, nil
end

-- Checks shared by both hold scripts. Returns a reply to send back now, or nil and the TTL.
-- admitted_fan: the waiting room's fan id whose admission must be live ('' when the event has no
-- room on). Checked here, in the hold's own run, so an admission that ended (a commit, an expiry)
-- stops new holds at once, and checking it costs no extra round trip.
local function hold_preflight(now, meta, user, client_id, ttl_arg, quantity, admitted_fan)
    if not meta then
        return { 'no_event' }
    end
    local prior = redis.call('HGET', K_CLIENT_IDS, user .. '\n' .. client_id)
    if prior then
        local h = hold_load(prior)
        if h then
            h.status = visible_status(h, now)
            return { 'held', cjson.encode(h), now, 1 }
        end
    end
    local closed = sale_refusal(meta, now)
    if closed then
        return closed
    end
    if admitted_fan ~= '' then
        local expires = redis.call('ZSCORE', K_ADMITTED, admitted_fan)
        if not expires or tonumber(expires) <= now then
            return { 'not_admitted' }
        end
    end
    local ttl = tonumber(ttl_arg) or meta.hold_ttl
    if ttl < HOLD_TTL_MIN or ttl > HOLD_TTL_MAX then
        return { 'invalid_ttl', ttl }
    end
    if quantity > meta.max_per_hold then
        return { 'too_many', quantity, meta.max_per_hold }
    end
    return nil, ttl
end

-- Seats the user holds live or owns, not counting holds that have elapsed, against the limit.
local function ticket_limit_reply(meta, view, quantity)
    local owned = view.seats - view.elapsed_seats
    if owned + quantity > meta.max_per_user then
        return { 'limit', meta.max_per_user, owned }
    end
    return nil
end

-- Creates a hold on seats known to be free (available, or held by an elapsed hold; `states`
-- are their current states). Sweeps those elapsed holders first, and the user's own elapsed
-- holds when the ticket limit looked for them (user_view). Returns the new hold's record as
-- stored (JSON).
local function create_hold(now, meta, id, user, client_id, ttl, seats, states, view)
    -- Ending a hold of this user (one the limit looked at, or an elapsed one of the user's own
    -- on the seats asked for) rewrites the user's entry: it is read again before the new hold's
    -- seats and id go in.
    local own_ended = #view.elapsed > 0
    for _, h in ipairs(view.elapsed) do
        end_hold(h, 'expired', now)
    end
    for _, state in ipairs(states) do
        local holder = holder_of(state)
        local h = holder and hold_load(holder)
        if h and has_elapsed(h, now) then
            end_hold(h, 'expired', now)
            own_ended = own_ended or h.user == user
        end
    end
    local own_seats, own_list = view.seats, view.list
    if own_ended then
        own_seats, own_list = user_read(user)
    end

    local positions, prices = seat_facts(seats)
    local cents = 0
    for i = 1, #seats do
        cents = cents + prices[i]
    end
    seats_set(seats, 'h|' .. id, 'held', positions)
    row_free_add(seats, -1)
    local n = #seats
    redis.call('HINCRBY', K_META, 'available', int(-n))
    redis.call('HINCRBY', K_META, 'held', int(n))

    local expires = now + ttl * 1000
    local h = {
        id = id, user = user, crid = client_id, status = 'held', seats = seats, cents = cents,
        created = now, exp = expires, base_exp = expires, ext = meta.max_ext, fence = 1,
        key = '', order = '',
        -- Each seat's price in cents as charged now (seats order): a later reprice leaves the hold's
        -- total and the prices it shows alone.
        prices = prices,
        -- Each seat's position in status (seats order), so that ending or selling the hold
        -- writes the seats' status bytes without reading seat_index again. Holds made before
        -- records carried them read them there.
        pos = positions,
    }
    local json = hold_save(h)
    redis.call('ZADD', K_EXPIRY, int(expires), id)
    redis.call('HSET', K_CLIENT_IDS, user .. '\n' .. client_id, id)
    user_write(user, own_seats + n, own_list == '' and id or own_list .. ' ' .. id)
    return json
end

local function hold_reply(json, now)
    return { 'held', json, now, 0 }
end
