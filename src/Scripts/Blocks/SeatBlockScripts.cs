using StackExchange.Redis;
using Ticketing.Scripts.Execution;

namespace Ticketing.Scripts.Blocks;

/// <summary>Typed wrappers of block_seats.lua and unblock_seats.lua.</summary>
internal sealed class SeatBlockScripts(ScriptRunner runner)
{
    public async Task<BlockOutcome> BlockAsync(string eventId, IReadOnlyList<string> seatIds, string reason, string blockId)
    {
        if (seatIds.Count == 0)
        {
            throw new ArgumentException("a block needs at least one seat", nameof(seatIds));
        }

        RedisValue[] arguments = [blockId, reason, .. seatIds.Select(seat => (RedisValue)seat)];
        var reply = Reply.Of(EngineScripts.BlockSeats, await runner.RunAsync(EngineScripts.BlockSeats, eventId, arguments).ConfigureAwait(false));
        return reply.Status switch
        {
            "blocked" => new BlockOutcome.Blocked(reply.String(1), reply.Long(2)),
            "unavailable" => new BlockOutcome.SeatsUnavailable(reply.Strings(1)),
            "unknown" => new BlockOutcome.UnknownSeats(reply.Strings(1)),
            "duplicate" => new BlockOutcome.DuplicateSeats(reply.Strings(1)),
            "no_event" => new BlockOutcome.EventNotFound(),
            _ => throw reply.Unexpected(),
        };
    }

    public async Task<UnblockOutcome> UnblockAsync(string eventId, string blockId)
    {
        var reply = Reply.Of(EngineScripts.UnblockSeats, await runner.RunAsync(EngineScripts.UnblockSeats, eventId, blockId).ConfigureAwait(false));
        return reply.Status switch
        {
            "unblocked" => new UnblockOutcome.Unblocked((int)reply.Long(1), reply.Long(2)),
            "not_found" or "no_event" => new UnblockOutcome.NotFound(),
            _ => throw reply.Unexpected(),
        };
    }
}
