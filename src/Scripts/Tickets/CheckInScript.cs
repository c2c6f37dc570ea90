using StackExchange.Redis;
using Ticketing.Scripts.Execution;
using Ticketing.Scripts.Keys;

namespace Ticketing.Scripts.Tickets;

/// <summary>Typed wrapper of check_in.lua, and the one read of the marks it leaves.</summary>
internal sealed class CheckInScript(IConnectionMultiplexer redis, ScriptRunner runner)
{
    /// <summary>
    /// The orders-hash field that marks a ticket admitted is this prefix and the ticket id; its
    /// value is the admission time in Unix milliseconds. Order ids never start with it.
    /// </summary>
    public const string FieldPrefix = "checkin:";

    public async Task<CheckInOutcome> CheckInAsync(TicketRef ticket, string scannedBy)
    {
        var result = await runner.RunAsync(EngineScripts.CheckIn, ticket.EventId, ticket.TicketId, ticket.OrderId, ticket.SeatId, scannedBy).ConfigureAwait(false);
        var reply = Reply.Of(EngineScripts.CheckIn, result);
        return reply.Status switch
        {
            "checked_in" => new CheckInOutcome.CheckedIn(DateTimeOffset.FromUnixTimeMilliseconds(reply.Long(1)), reply.String(2)),
            "already_checked_in" => new CheckInOutcome.AlreadyCheckedIn(DateTimeOffset.FromUnixTimeMilliseconds(reply.Long(1))),
            "refunded" => new CheckInOutcome.Refunded(),
            "unknown" or "no_event" => new CheckInOutcome.UnknownTicket(),
            _ => throw reply.Unexpected(),
        };
    }

    /// <summary>When each of the tickets was admitted (absent: not yet), in one HMGET.</summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> CheckedInAtAsync(string eventId, IReadOnlyList<string> ticketIds)
    {
        if (ticketIds.Count == 0)
        {
            return new Dictionary<string, DateTimeOffset>();
        }

        var marks = await redis.GetDatabase().HashGetAsync(EventKeys.Orders(eventId), [.. ticketIds.Select(id => (RedisValue)(FieldPrefix + id))])
            .ConfigureAwait(false);
        var admitted = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        for (var i = 0; i < ticketIds.Count; i++)
        {
            if (!marks[i].IsNull && marks[i].TryParse(out long milliseconds))
            {
                admitted[ticketIds[i]] = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
            }
        }

        return admitted;
    }
}
