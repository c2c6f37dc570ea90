using System.Diagnostics;
using System.Globalization;
using Ticketing.Scripts;
using Ticketing.Scripts.SeatMap;

namespace Ticketing.Load.Invariants;

/// <summary>
/// The promises a flash sale must keep, checked against the stores themselves after the load stops:
/// no seat sold twice, every acknowledged order durable, Redis and PostgreSQL agreeing on what was
/// sold, counters equal to a recount of the seats, and no hold outliving its expiry by more than
/// one sweep. Checks that depend on background work (outbox writer, sweeper) are retried until
/// <see cref="InvariantOptions.Settle"/> has passed before a difference counts as a violation.
/// </summary>
public sealed class InvariantCheck(IInventoryEngine engine, PostgresFacts postgres, InvariantOptions options)
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(1);

    public async Task<InvariantReport> RunAsync(string eventId, IReadOnlyCollection<string> confirmedOrders, CancellationToken cancellationToken)
    {
        var settleUntil = Stopwatch.StartNew();
        var results = new List<InvariantResult>
        {
            await NoSeatSoldTwiceAsync(eventId),
            await SettledAsync(() => AcknowledgedOrdersPersistedAsync(confirmedOrders), settleUntil, cancellationToken),
            await SettledAsync(() => RedisAndPostgresAgreeAsync(eventId), settleUntil, cancellationToken),
            await SettledAsync(() => CountersMatchSeatsAsync(eventId), settleUntil, cancellationToken),
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

    private async Task<InvariantResult> CountersMatchSeatsAsync(string eventId)
    {
        var counters = await engine.GetAvailabilityAsync(eventId) ?? throw new InvalidOperationException($"event {eventId} is not loaded in Redis");
        var snapshot = await SnapshotAsync(eventId);
        var recount = snapshot.Seats.GroupBy(seat => seat.Status).ToDictionary(group => group.Key, group => group.Count());
        int Recounted(SeatStatus status) => recount.GetValueOrDefault(status);

        var violations = new List<string>();
        void Compare(string counter, int kept, int counted)
        {
            if (kept != counted)
            {
                violations.Add($"{counter}: counter says {kept}, the seats say {counted}");
            }
        }

        Compare("total_seats", counters.TotalSeats, snapshot.Seats.Count);
        Compare("available_seats", counters.AvailableSeats, Recounted(SeatStatus.Available));
        Compare("held_seats", counters.HeldSeats, Recounted(SeatStatus.Held));
        Compare("sold_seats", counters.SoldSeats, Recounted(SeatStatus.Sold));
        return new InvariantResult("counters_match_seats",
            string.Create(CultureInfo.InvariantCulture,
                $"counters {counters.AvailableSeats} available / {counters.HeldSeats} held / {counters.SoldSeats} sold of {counters.TotalSeats}, against a recount of the seats"),
            violations);
    }

    /// <summary>
    /// A seat still tied to a hold (held, or free but still naming its expired hold) whose hold
    /// ended more than one sweep interval ago was never swept.
    /// </summary>
    private async Task<InvariantResult> NoHoldPastExpiryAsync(string eventId)
    {
        var snapshot = await SnapshotAsync(eventId);
        var holdIds = snapshot.Seats
            .Where(seat => seat.Status != SeatStatus.Sold && seat.HoldId is not null)
            .Select(seat => seat.HoldId!)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var now = DateTimeOffset.UtcNow;
        var violations = new List<string>();
        foreach (var holdId in holdIds)
        {
            var hold = await engine.GetHoldAsync(holdId, null);
            if (hold is not null && hold.ExpiresAt + options.SweepInterval < now)
            {
                violations.Add(string.Create(CultureInfo.InvariantCulture,
                    $"hold {holdId} expired at {hold.ExpiresAt:O} and still ties {hold.Seats.Count} seat(s) at {now:O}"));
            }
        }

        return new InvariantResult("no_hold_past_expiry",
            $"{holdIds.Count} holds still tied to seats, each against its expiry + {options.SweepInterval.TotalSeconds:F0} s sweep interval", violations);
    }

    private async Task<SeatMapSnapshot> SnapshotAsync(string eventId) =>
        await engine.SnapshotAsync(eventId) ?? throw new InvalidOperationException($"event {eventId} is not loaded in Redis");
}
