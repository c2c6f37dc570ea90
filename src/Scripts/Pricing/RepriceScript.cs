using System.Globalization;
using StackExchange.Redis;
using Ticketing.Scripts.Execution;
using Ticketing.Scripts.Layout;

namespace Ticketing.Scripts.Pricing;

/// <summary>Typed wrapper of reprice_seats.lua.</summary>
internal sealed class RepriceScript(ScriptRunner runner)
{
    public async Task<RepriceOutcome> RepriceAsync(string eventId, IReadOnlyList<SeatPrice> prices)
    {
        if (prices.Count == 0)
        {
            throw new ArgumentException("a price change needs at least one seat", nameof(prices));
        }

        RedisValue[] arguments =
        [
            .. prices.SelectMany(price => new RedisValue[] { price.SeatId, Money.ToCents(price.Price).ToString(CultureInfo.InvariantCulture) }),
        ];
        var reply = Reply.Of(EngineScripts.RepriceSeats, await runner.RunAsync(EngineScripts.RepriceSeats, eventId, arguments).ConfigureAwait(false));
        return reply.Status switch
        {
            "repriced" => new RepriceOutcome.Repriced(reply.Long(1), reply.Long(2)),
            "unavailable" => new RepriceOutcome.SeatsUnavailable(reply.Strings(1)),
            "unknown" => new RepriceOutcome.UnknownSeats(reply.Strings(1)),
            "duplicate" => new RepriceOutcome.DuplicateSeats(reply.Strings(1)),
            "no_event" => new RepriceOutcome.EventNotFound(),
            _ => throw reply.Unexpected(),
        };
    }
}
