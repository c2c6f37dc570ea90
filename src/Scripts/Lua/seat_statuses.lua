-- seat_statuses.lua: every seat's status and the event's version, read in one run (read only).
-- The cheap read behind the seat map: one string of one byte per seat instead of the whole
-- seats hash, so the run costs about what a GET of it costs, however full the hall.
-- KEYS: the event's keys (common.lua). ARGV[1] clock offset, ARGV[2] changes channel.
-- Replies: false when the event is not loaded, else
--   {version, status, {seatId...}}
-- where status has one byte per seat in layout order ('a' available, 'h' held or paying,
-- 's' sold) and the seat ids are those of live holds whose time has passed but which the sweep
-- has not ended yet: they read as available, like everywhere else.
if redis.call('EXISTS', K_META) == 0 then
    return false
end
-- load_event writes the status string with the seats: an event without one is a defect.
local status = redis.call('GET', K_STATUS)
if not status then
    return redis.error_reply('the event has no status string')
end
local now = now_ms()
local elapsed_seats = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', K_EXPIRY, '-inf', now)) do
    local h = hold_load(id)
    if h and has_elapsed(h, now) then
        for _, seat in ipairs(h.seats) do
            elapsed_seats[#elapsed_seats + 1] = seat
        end
    end
end
return { meta_number('version'), status, elapsed_seats }
