using StackExchange.Redis;
using Ticketing.Scripts.Execution;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Layout;

namespace Ticketing.Scripts.Holds;

/// <summary>Typed wrappers of the hold scripts: hold, best available, read, extend, release, expire; and the live-hold index.</summary>
internal sealed class HoldScripts(IConnectionMultiplexer redis, ScriptRunner runner, LayoutLoader layouts)
{
    public async Task<HoldOutcome> HoldSeatsAsync(HoldSeatsRequest request)
    {
        if (request.SeatIds.Count == 0)
        {
            throw new ArgumentException("a hold needs at least one seat", nameof(request));
        }

        var holdId = EntityIds.NewHoldId(request.EventId);
        RedisValue[] arguments =
        [
            holdId, request.UserId, request.ClientReservationId, Ttl(request.TtlSeconds), request.AdmittedFan ?? "",
            .. request.SeatIds.Select(seat => (RedisValue)seat),
        ];
        var result = await runner.RunAsync(EngineScripts.HoldSeats, request.EventId, arguments).ConfigureAwait(false);
        return await ToHoldOutcomeAsync(EngineScripts.HoldSeats, request.EventId, result).ConfigureAwait(false);
    }

    public async Task<HoldOutcome> HoldBestAvailableAsync(HoldBestAvailableRequest request)
    {
        if (request.Quantity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Quantity, "a hold needs at least one seat");
        }

        var holdId = EntityIds.NewHoldId(request.EventId);
        RedisValue[] arguments =
        [
            holdId, request.UserId, request.ClientReservationId, Ttl(request.TtlSeconds), request.AdmittedFan ?? "",
            request.Quantity, request.SectionId ?? "", request.Adjacent ? "1" : "0",
        ];
        var result = await runner.RunAsync(EngineScripts.HoldBest, request.EventId, arguments).ConfigureAwait(false);
        return await ToHoldOutcomeAsync(EngineScripts.HoldBest, request.EventId, result).ConfigureAwait(false);
    }

    public async Task<HoldView?> GetAsync(string holdId, string? userId)
    {
        if (!EntityIds.TryGetEventId(holdId, EntityIds.HoldPrefix, out var eventId))
        {
            return null;
        }

        var reply = Reply.Of(EngineScripts.GetHold, await runner.RunAsync(EngineScripts.GetHold, eventId, holdId).ConfigureAwait(false));
        var json = reply.NullableString(0);
        if (json is null)
        {
            return null;
        }

        var record = HoldRecord.Parse(json);
        if (userId is not null && record.User != userId)
        {
            return null;
        }

        return record.ToView(eventId, await layouts.GetAsync(eventId).ConfigureAwait(false));
    }

    public async Task<ExtendOutcome> ExtendAsync(string holdId, string userId, int additionalSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(additionalSeconds, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(additionalSeconds, 3600);
        if (!EntityIds.TryGetEventId(holdId, EntityIds.HoldPrefix, out var eventId))
        {
            return new ExtendOutcome.NotFound();
        }

        var reply = Reply.Of(EngineScripts.ExtendHold,
            await runner.RunAsync(EngineScripts.ExtendHold, eventId, holdId, userId, additionalSeconds).ConfigureAwait(false));
        return reply.Status switch
        {
            "extended" => new ExtendOutcome.Extended(await ViewAsync(eventId, reply.String(1)).ConfigureAwait(false)),
            "no_extensions" => new ExtendOutcome.NoExtensionsLeft(await ViewAsync(eventId, reply.String(1)).ConfigureAwait(false)),
            "expired" => new ExtendOutcome.Expired(),
            "not_held" => new ExtendOutcome.NotHeld(HoldRecord.ParseStatus(reply.String(1))),
            "not_found" => new ExtendOutcome.NotFound(),
            _ => throw reply.Unexpected(),
        };
    }

    public async Task<ReleaseOutcome> ReleaseAsync(string holdId, string userId)
    {
        if (!EntityIds.TryGetEventId(holdId, EntityIds.HoldPrefix, out var eventId))
        {
            return new ReleaseOutcome.NotFound();
        }

        var reply = Reply.Of(EngineScripts.ReleaseHold,
            await runner.RunAsync(EngineScripts.ReleaseHold, eventId, holdId, userId).ConfigureAwait(false));
        return reply.Status switch
        {
            "released" => new ReleaseOutcome.Released(),
            "expired" => new ReleaseOutcome.Expired(),
            "not_held" => new ReleaseOutcome.NotHeld(HoldRecord.ParseStatus(reply.String(1))),
            "not_found" => new ReleaseOutcome.NotFound(),
            _ => throw reply.Unexpected(),
        };
    }

    public async Task<ExpireOutcome> ExpireDueAsync(string eventId, int maxHolds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxHolds, 1);
        var reply = Reply.Of(EngineScripts.ExpireDue,
            await runner.RunAsync(EngineScripts.ExpireDue, eventId, maxHolds).ConfigureAwait(false));
        return new ExpireOutcome((int)reply.Long(0), (int)reply.Long(1));
    }

    public async Task<IReadOnlySet<string>> LiveHoldIdsAsync(string eventId)
    {
        // Every script that starts a hold adds it to the expiry index and every one that ends it
        // removes it, in the same run: membership is liveness, with no record to decode.
        var members = await redis.GetDatabase().SortedSetRangeByRankAsync(EventKeys.Expiry(eventId)).ConfigureAwait(false);
        return members.Select(member => (string)member!).ToHashSet(StringComparer.Ordinal);
    }

    private async Task<HoldOutcome> ToHoldOutcomeAsync(EngineScript script, string eventId, RedisResult result)
    {
        var reply = Reply.Of(script, result);
        return reply.Status switch
        {
            "held" => new HoldOutcome.Held(await ViewAsync(eventId, reply.String(1)).ConfigureAwait(false), reply.Long(3) == 1),
            "unavailable" => new HoldOutcome.SeatsUnavailable(reply.Strings(1)),
            "not_enough" => new HoldOutcome.NotEnoughSeats((int)reply.Long(1)),
            "unknown" => new HoldOutcome.UnknownSeats(reply.Strings(1)),
            "duplicate" => new HoldOutcome.DuplicateSeats(reply.Strings(1)),
            "too_many" => new HoldOutcome.TooManySeats((int)reply.Long(1), (int)reply.Long(2)),
            "limit" => new HoldOutcome.TicketLimitExceeded((int)reply.Long(1), (int)reply.Long(2)),
            "invalid_ttl" => new HoldOutcome.InvalidTtl((int)reply.Long(1)),
            "no_event" => new HoldOutcome.EventNotFound(),
            "not_admitted" => new HoldOutcome.NotAdmitted(),
            "not_on_sale" => new HoldOutcome.NotOnSale(reply.String(1), OpensAt(reply.String(2))),
            _ => throw reply.Unexpected(),
        };
    }

    private async Task<HoldView> ViewAsync(string eventId, string json) =>
        HoldRecord.Parse(json).ToView(eventId, await layouts.GetAsync(eventId).ConfigureAwait(false));

    private static DateTimeOffset? OpensAt(string ms) =>
        ms.Length == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(ms, System.Globalization.CultureInfo.InvariantCulture));

    private static RedisValue Ttl(int? seconds) => seconds is { } value ? value : "";
}
