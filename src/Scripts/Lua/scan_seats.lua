-- scan_seats.lua: one page of the event's seat states (read only), for whole-event checks that
-- must not hold Redis for the length of a full read (the snapshot of 100,000 seats takes ~100 ms,
-- during which no other script of any event runs; a page of 2,000 takes ~1 ms).
-- KEYS: the event's keys (common.lua). ARGV[1] clock offset, ARGV[2] changes channel,
-- ARGV[3] HSCAN cursor ('0' to start), ARGV[4] seats per page (a hint, as HSCAN's COUNT).
-- Replies: false when the event is not loaded, else
--   {next cursor, {seatId, state, ...}}                          while more pages follow
--   {'0', {seatId, state, ...}, version, {elapsedHoldId...}}      on the last page
-- Pages are read at different moments: a seat may appear twice (the later state wins) and the
-- pages together are no single instant. The last page names the holds elapsed at its own moment.
if redis.call('EXISTS', K_META) == 0 then
    return false
end
local page = redis.call('HSCAN', K_SEATS, ARGV[3], 'COUNT', ARGV[4])
if page[1] ~= '0' then
    return { page[1], page[2] }
end
return {
    '0',
    page[2],
    meta_number('version'),
    redis.call('ZRANGEBYSCORE', K_EXPIRY, '-inf', now_ms()),
}
