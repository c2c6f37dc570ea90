using StackExchange.Redis;
using Ticketing.Scripts.Execution;

namespace Ticketing.Scripts.Repair;

/// <summary>Typed wrapper of repair_seats.lua.</summary>
internal sealed class RepairScript(ScriptRunner runner)
{
    public async Task<SeatRepairResult> RepairAsync(string eventId, IReadOnlyList<SeatRepair> repairs)
    {
        if (repairs.Count == 0)
        {
            return new SeatRepairResult([]);
        }

        if (repairs.Any(repair => repair.OrderId is not null && string.IsNullOrEmpty(repair.UserId)))
        {
            throw new ArgumentException("a seat sold by repair needs its buyer's user id", nameof(repairs));
        }

        var arguments = repairs
            .SelectMany(repair => new RedisValue[] { repair.SeatId, repair.OrderId ?? "", repair.UserId ?? "" })
            .ToArray();
        var reply = Reply.Of(EngineScripts.RepairSeats, await runner.RunAsync(EngineScripts.RepairSeats, eventId, arguments).ConfigureAwait(false));
        return reply.Status switch
        {
            "repaired" => new SeatRepairResult(reply.Strings(1).Chunk(3).Select(c => new SeatRepairChange(c[0], c[1], c[2])).ToList()),
            "unknown" => throw new ArgumentException($"seats not in the event: {string.Join(", ", reply.Strings(1))}", nameof(repairs)),
            "no_event" => throw new InvalidOperationException($"event {eventId} is not loaded"),
            _ => throw reply.Unexpected(),
        };
    }
}
