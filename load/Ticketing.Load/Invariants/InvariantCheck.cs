using System.Diagnostics;
using System.Globalization;
using Ticketing.Scripts;
using Ticketing.Scripts.SeatMap;

namespace Ticketing.Load.Invariants;

/// <summary>
/// The promises a flash sale must keep, checked against the stores themselves after the load stops:
/// no seat sold twice, every acknowledged order durable (in PostgreSQL and sold in Redis), Redis and PostgreSQL agreeing on what was
/// sold, counters equal to a recount of the seats, and no hold outliving its expiry by more than
/// one sweep. The two checks that wait on the outbox writer are retried until
/// <see cref="InvariantOptions.Settle"/> has passed before a difference counts as a violation; the
/// others judge the state as it is, since waiting would let the sweeper hide a late sweep.
/// </summary>
public sealed class InvariantCheck(IInventoryEngine engine, RedisFacts redis, PostgresFacts postgres, InvariantOptions options)
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(1);

    public async Task<InvariantReport> RunAsync(string eventId, IReadOnlyCollection<string> confirmedOrders, CancellationToken cancellationToken)
    {
        var settleUntil = Stopwatch.StartNew();
        var results = new List<InvariantResult>
        {
            await NoSeatSoldTwiceAsync(eventId),
            await SettledAsync(() => AcknowledgedOrdersPersistedAsync(confirmedOrders), settleUntil, cancellationToken),
            await SettledAsync(() => AcknowledgedOrdersSoldInRedisAsync(eventId, confirmedOrders), settleUntil, cancellationToken),
            await SettledAsync(() => RedisAndPostgresAgreeAsync(eventId), settleUntil, cancellationToken),
            await CountersMatchSeatsAsync(eventId),
            await NoHoldPastExpiryAsync(eventId),
        };
        return new InvariantReport(eventId, DateTimeOffset.UtcNow, results);
    }

    private async Task<InvariantResult> SettledAsync(Func<Task<InvariantResult>> check, Stopwatch sinceStart, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await check();
            if (result.Passed || sinceStart.Elapsed >= options.Settle)
            {
                return result;
            }

            await Task.Delay(RetryPause, cancellationToken);
        }
    }

    private async Task<InvariantResult> NoSeatSoldTwiceAsync(string eventId)
    {
        var twice = await postgres.SeatsSoldMoreThanOnceAsync(Guid.Parse(eventId));
        return new InvariantResult("no_seat_sold_twice", "tickets grouped by (event, seat) in PostgreSQL",
            twice.Select(seat => $"seat {seat.SeatId} has {seat.Tickets} tickets").ToList());
    }

    private async Task<InvariantResult> AcknowledgedOrdersPersistedAsync(IReadOnlyCollection<string> confirmedOrders)
    {
        var missing = confirmedOrders.Count == 0 ? new HashSet<string>() : await postgres.MissingOrdersAsync(confirmedOrders);
        return new InvariantResult("acknowledged_orders_persisted",
            $"{confirmedOrders.Count} orders answered 200 by commit, looked up in PostgreSQL",
            missing.Order(StringComparer.Ordinal).Select(order => $"order {order} answered 200 but is not in PostgreSQL").ToList());
    }

    // A restarted Redis that lost a write would show it here even when PostgreSQL has the order.
    private async Task<InvariantResult> AcknowledgedOrdersSoldInRedisAsync(string eventId, IReadOnlyCollection<string> confirmedOrders)
    {
        var sold = await redis.SoldOrderIdsAsync(eventId);
        return new InvariantResult("acknowledged_orders_sold_in_redis",
            $"{confirmedOrders.Count} orders answered 200 by commit, looked up in the event's seats in Redis",
            confirmedOrders.Where(order => !sold.Contains(order)).Order(StringComparer.Ordinal)
                .Select(order => $"order {order} answered 200 but no seat is sold under it in Redis").ToList());
    }

    private async Task<InvariantResult> RedisAndPostgresAgreeAsync(string eventId)
    {
        var snapshot = await SnapshotAsync(eventId);
        var soldInRedis = snapshot.Seats.Where(seat => seat.Status == SeatStatus.Sold).Select(seat => seat.Seat.Id).ToHashSet(StringComparer.Ordinal);
        var ticketed = await postgres.TicketedSeatsAsync(Guid.Parse(eventId));
        var violations = soldInRedis.Except(ticketed).Order(StringComparer.Ordinal).Select(seat => $"seat {seat} is sold in Redis but has no ticket in PostgreSQL")
            .Concat(ticketed.Except(soldInRedis).Order(StringComparer.Ordinal).Select(seat => $"seat {seat} has a ticket in PostgreSQL but is not sold in Redis"))
            .ToList();
        return new InvariantResult("redis_and_postgres_agree",
            $"{soldInRedis.Count} seats sold in Redis, {ticketed.Count} tickets in PostgreSQL", violations);
    }

    /// <summary>The exact counters the scripts keep, against a recount of the seats hash read in the same instant.</summary>
    private async Task<InvariantResult> CountersMatchSeatsAsync(string eventId)
    {
        var (kept, recounted, _) = await redis.CountersAndSeatsAsync(eventId);
        var violations = new List<string>();
        void Compare(string counter, int keptValue, int countedValue)
        {
            if (keptValue != countedValue)
            {
                violations.Add($"{counter}: the counter says {keptValue}, the seats hash says {countedValue}");
            }
        }

        Compare("total", kept.Total, recounted.Total);
        Compare("available", kept.Available, recounted.Available);
        Compare("held", kept.Held, recounted.Held);
        Compare("sold", kept.Sold, recounted.Sold);
        return new InvariantResult("counters_match_seats",
            $"counters {kept.Available} available / {kept.Held} held / {kept.Sold} sold of {kept.Total}, against a recount of the seats hash",
            violations);
    }

    /// <summary>
    /// No live hold whose end is more than one sweep interval past (the sweeper missed it), and no
    /// seat held by a hold that is no longer tracked at all (it would never be swept).
    /// </summary>
    private async Task<InvariantResult> NoHoldPastExpiryAsync(string eventId)
    {
        var overdue = await redis.HoldsEndedBeforeAsync(eventId, options.SweepInterval);
        // The live set is read before the seats, so a sweep in between cannot fake an untracked hold.
        var live = await redis.LiveHoldIdsAsync(eventId);
        var (_, _, heldBy) = await redis.CountersAndSeatsAsync(eventId);
        var untracked = heldBy.Where(seat => !live.Contains(seat.Value)).ToList();
        var violations = overdue
            .Select(hold => string.Create(CultureInfo.InvariantCulture, $"hold {hold.HoldId} ended at {hold.EndedAt:O} and is still live"))
            .Concat(untracked.Select(seat => $"seat {seat.Key} is held by {seat.Value}, which no expiry tracks"))
            .ToList();
        return new InvariantResult("no_hold_past_expiry",
            $"{live.Count} live holds and {heldBy.Count} held seats, against expiry + {options.SweepInterval.TotalSeconds:0.#} s sweep interval", violations);
    }

    private async Task<SeatMapSnapshot> SnapshotAsync(string eventId) =>
        await engine.SnapshotAsync(eventId) ?? throw new InvalidOperationException($"event {eventId} is not loaded in Redis");
}
