-- abandon_payment.lua: after a failed charge, return a paying hold to held with the expiry it
-- had before the payment began (it expires at once if that time has passed).
-- KEYS: the event's keys (common.lua). ARGV[1] clock offset, ARGV[2] changes channel,
-- ARGV[3] hold id, ARGV[4] user id, ARGV[5] the fence begin_payment returned.
-- Replies: 1 when the hold was paying under that fence and is held again, else 0.
local hold_id, user, fence = ARGV[3], ARGV[4], tonumber(ARGV[5])
local now = now_ms()
local h = hold_load(hold_id)
if not h or h.user ~= user or h.status ~= 'paying' or h.fence ~= fence or has_elapsed(h, now) then
    return 0
end
h.status = 'held'
h.key = ''
h.fence = h.fence + 1
h.exp = h.base_exp
hold_save(h)
redis.call('ZADD', K_EXPIRY, h.exp, h.id)
settle(h, now)
publish_changes()
return 1
