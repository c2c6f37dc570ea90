-- outbox_find_orders: which of the given orders still have an entry in the event's outbox
-- stream, pending or unread. Acknowledged entries are deleted (outbox_ack), so an entry still in
-- the stream is one no consumer has written yet: drift repair must leave those orders to the
-- writer. Scans the stream in pages; the stream holds only the backlog.
--
-- KEYS[1]  the event's outbox stream
-- ARGV[1..] order ids
--
-- Reply: the order ids found, each once.

local stream = KEYS[1]
local wanted = {}
for _, id in ipairs(ARGV) do
    wanted[id] = true
end

local found, result = {}, {}
local start = '-'
while true do
    local page = redis.call('XRANGE', stream, start, '+', 'COUNT', 1000)
    for _, entry in ipairs(page) do
        local fields = entry[2]
        for i = 1, #fields, 2 do
            if fields[i] == 'order' then
                local id = string.match(fields[i + 1], '"order_id":"([^"]*)"')
                if id and wanted[id] and not found[id] then
                    found[id] = true
                    result[#result + 1] = id
                end
            end
        end
    end
    if #page < 1000 then
        return result
    end
    start = '(' .. page[#page][1]
end
