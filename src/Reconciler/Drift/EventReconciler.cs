using Microsoft.Extensions.Options;
using Npgsql;
using Ticketing.Persistence;
using Ticketing.Persistence.Events;
using Ticketing.Persistence.Ops;
using Ticketing.Persistence.Orders;
using Ticketing.Reconciler.Events;
using Ticketing.Reconciler.Jobs;
using Ticketing.Reconciler.Ops;
using Ticketing.Reconciler.Outbox;
using Ticketing.Scripts;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Outbox;
using Ticketing.Scripts.Repair;
using Ticketing.Scripts.SeatMap;

namespace Ticketing.Reconciler.Drift;

/// <summary>
/// The drift rules of promise 6 for one event. PostgreSQL's tickets are the truth about what was
/// sold; Redis is made to agree, and every change is returned as a <see cref="Repair"/> with the
/// seat's state before and after.
/// </summary>
public sealed class EventReconciler(
    IInventoryEngine engine,
    IEventRepository events,
    IEventLoader loader,
    SoldSeatQueries soldSeats,
    IOrderOutbox outbox,
    OrderBatchWriter orderWriter,
    NpgsqlDataSource dataSource,
    ReconcilerMetrics metrics,
    IOptions<ReconcilerOptions> options,
    TimeProvider clock,
    HoldExpirySweeper sweeper)
{
    private const int RepairChunk = 500;

    public async Task<IReadOnlyList<Repair>> ReconcileAsync(Guid eventId, long runId, CancellationToken cancellationToken)
    {
        var id = eventId.ToString("D");
        var repairs = new List<Repair>();

        if (!await engine.IsLoadedAsync(id, cancellationToken).ConfigureAwait(false))
        {
            var record = await events.GetAsync(eventId, cancellationToken).ConfigureAwait(false);
            if (record is not null && await loader.EnsureLoadedAsync(record, cancellationToken).ConfigureAwait(false))
            {
                repairs.Add(new Repair(eventId, RepairKinds.EventRebuilt, "*", "missing", "loaded",
                    "event keys were missing from Redis; layout and sold seats restored from PostgreSQL"));
            }
        }

        // Read in pages, not one snapshot: a whole-event read holds Redis (every event's holds and
        // commits) for ~100 ms at 100,000 seats, every minute. Each rule below confirms its
        // suspects again before repairing, so a seat that changed mid-read is not repaired wrongly.
        var snapshot = await engine.ScanSeatsAsync(id, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            return repairs;
        }

        var sold = (await soldSeats.ListAsync(eventId, cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.SeatId, StringComparer.Ordinal);
        repairs.AddRange(await MarkSoldInRedisAsync(eventId, snapshot, sold, cancellationToken).ConfigureAwait(false));
        repairs.AddRange(await ResolveSoldInRedisOnlyAsync(eventId, runId, snapshot, sold, cancellationToken).ConfigureAwait(false));
        repairs.AddRange(await ReleaseStuckHoldsAsync(eventId, snapshot, cancellationToken).ConfigureAwait(false));
        return repairs;
    }

    /// <summary>
    /// Rule 1: an active ticket in PostgreSQL whose seat Redis does not show sold to that order. A
    /// refund reaches Redis first (the seat is available at once) and PostgreSQL through the outbox:
    /// a ticket whose order has an entry still in the outbox, or that PostgreSQL has refunded by the
    /// time it is asked again, is not drift.
    /// </summary>
    private async Task<List<Repair>> MarkSoldInRedisAsync(
        Guid eventId, SeatMapSnapshot snapshot, Dictionary<string, SoldSeat> sold, CancellationToken cancellationToken)
    {
        var seats = snapshot.Seats.ToDictionary(s => s.Seat.Id, StringComparer.Ordinal);
        var suspects = sold.Values
            .Where(ticket => !seats.TryGetValue(ticket.SeatId, out var seat) || seat.Status != SeatStatus.Sold || seat.OrderId != ticket.OrderId)
            .ToList();
        if (suspects.Count == 0)
        {
            return [];
        }

        // As in rule 2: the outbox first, then PostgreSQL again (the writer commits before it acknowledges).
        var pending = await outbox.FindUnacknowledgedOrdersAsync(eventId.ToString("D"), options.Value.Outbox.ConsumerGroup,
            [.. suspects.Select(s => s.OrderId).Distinct()], cancellationToken).ConfigureAwait(false);
        suspects = [.. suspects.Where(s => !pending.Contains(s.OrderId))];
        var stillSold = (await soldSeats.FindAsync(eventId, [.. suspects.Select(s => s.SeatId)], cancellationToken).ConfigureAwait(false))
            .Select(s => (s.SeatId, s.OrderId)).ToHashSet();
        var wrong = suspects
            .Where(ticket => stillSold.Contains((ticket.SeatId, ticket.OrderId)))
            .Select(ticket => new SeatRepair(ticket.SeatId, ticket.OrderId, ticket.UserId))
            .ToList();
        return await ApplyAsync(eventId, wrong, RepairKinds.SoldInPostgresOnly, "PostgreSQL has the ticket", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Rule 2: a seat sold in Redis with no ticket in PostgreSQL. Orders still in the outbox are the
    /// writer's; the rest are alarms. An order the engine still has a record of was acknowledged to
    /// its buyer, so it is written to PostgreSQL (the repair that loses nothing); a seat sold to an
    /// order nobody has a record of is freed.
    /// </summary>
    private async Task<List<Repair>> ResolveSoldInRedisOnlyAsync(
        Guid eventId, long runId, SeatMapSnapshot snapshot, Dictionary<string, SoldSeat> sold, CancellationToken cancellationToken)
    {
        var id = eventId.ToString("D");
        var suspects = snapshot.Seats
            .Where(seat => seat.Status == SeatStatus.Sold && seat.OrderId is not null && !sold.ContainsKey(seat.Seat.Id))
            .ToList();
        if (suspects.Count == 0)
        {
            return [];
        }

        // Order matters: ask the outbox first, then PostgreSQL again. The writer commits before it
        // acknowledges, so an entry gone from the outbox by now is visible in PostgreSQL by now.
        var pending = await outbox.FindUnacknowledgedOrdersAsync(id, options.Value.Outbox.ConsumerGroup,
            [.. suspects.Select(s => s.OrderId!).Distinct()], cancellationToken).ConfigureAwait(false);
        suspects = [.. suspects.Where(s => !pending.Contains(s.OrderId!))];
        var writtenMeanwhile = (await soldSeats.FindAsync(eventId, [.. suspects.Select(s => s.Seat.Id)], cancellationToken).ConfigureAwait(false))
            .Select(s => s.SeatId).ToHashSet(StringComparer.Ordinal);
        suspects = [.. suspects.Where(s => !writtenMeanwhile.Contains(s.Seat.Id))];

        var repairs = new List<Repair>();
        var orphans = new List<SeatState>();
        foreach (var byOrder in suspects.GroupBy(s => s.OrderId!))
        {
            var order = await engine.GetOrderAsync(byOrder.Key, cancellationToken).ConfigureAwait(false);
            if (order is null)
            {
                orphans.AddRange(byOrder);
                continue;
            }

            await orderWriter.WriteAsync(eventId, [new OutboxEntry($"reconciliation-{runId}", order)], [], cancellationToken).ConfigureAwait(false);
            repairs.AddRange(byOrder.Select(seat => new Repair(eventId, RepairKinds.SoldInRedisOnly, seat.Seat.Id,
                $"sold:{byOrder.Key}", $"sold:{byOrder.Key}",
                "no ticket in PostgreSQL and no outbox entry; order written to PostgreSQL from the engine's order record")));
        }

        var freed = await ApplyAsync(eventId, [.. orphans.Select(seat => new SeatRepair(seat.Seat.Id, null, null))],
            RepairKinds.SoldInRedisOnly, "sold to an order neither PostgreSQL nor the engine has a record of; seat freed",
            cancellationToken).ConfigureAwait(false);
        repairs.AddRange(freed);

        await RaiseAlarmsAsync(eventId, repairs, cancellationToken).ConfigureAwait(false);
        return repairs;
    }

    /// <summary>
    /// Rule 3: seats still held by a hold that has expired, was released or no longer exists. The
    /// engine's expiry releases what it can (hold records included); whatever still points at a
    /// dead hold after that is forced free.
    /// </summary>
    private async Task<List<Repair>> ReleaseStuckHoldsAsync(Guid eventId, SeatMapSnapshot snapshot, CancellationToken cancellationToken)
    {
        var id = eventId.ToString("D");
        // The snapshot names the hold of every held seat, and of every seat whose hold has elapsed
        // without being swept (those read available), so each stuck seat is repaired by name.
        var (dead, unswept) = await FindDeadHoldsAsync(snapshot, cancellationToken).ConfigureAwait(false);
        if (dead.Count == 0)
        {
            return [];
        }

        var before = snapshot.Seats.Where(s => s.HoldId is not null && dead.Contains(s.HoldId)).ToList();
        await sweeper.DrainAsync(id, cancellationToken).ConfigureAwait(false);
        var after = await engine.ScanSeatsAsync(id, cancellationToken: cancellationToken).ConfigureAwait(false);
        var afterById = after?.Seats.ToDictionary(s => s.Seat.Id, StringComparer.Ordinal) ?? [];

        var repairs = new List<Repair>();
        var stillStuck = new List<SeatRepair>();
        foreach (var seat in before)
        {
            var now = afterById.GetValueOrDefault(seat.Seat.Id);
            if (now is { HoldId: { } holdId } && dead.Contains(holdId))
            {
                stillStuck.Add(new SeatRepair(seat.Seat.Id, null, null));
            }
            else if (unswept.Contains(seat.HoldId!) && now is not null && now.Status != SeatStatus.Held)
            {
                repairs.Add(new Repair(eventId, RepairKinds.StuckHoldReleased, seat.Seat.Id, Describe(seat), Describe(now),
                    $"hold {seat.HoldId} had ended; released by expiry"));
            }

            // Otherwise the hold ended through its own script (a commit, a release, the sweep) after
            // the seats were read, and that script moved its seats on: a live sale, not drift.
        }

        repairs.AddRange(await ApplyAsync(eventId, stillStuck, RepairKinds.StuckHoldReleased, "seat pointed at a hold that had ended; forced free",
            cancellationToken).ConfigureAwait(false));
        return repairs;
    }

    /// <summary>
    /// Holds named by seats that no longer hold them: expired, released, committed, or gone; and
    /// which of them were still in the live index though their time had passed (elapsed, not swept
    /// yet), the only ones whose seats the expiry run itself releases. A hold that elapsed within
    /// <see cref="JobOptions.StuckHoldGraceSeconds"/> is neither: the sweep is about to end it.
    /// </summary>
    private async Task<(HashSet<string> Dead, HashSet<string> Unswept)> FindDeadHoldsAsync(SeatMapSnapshot snapshot, CancellationToken cancellationToken)
    {
        // A hold in the live index owns its seats unless it has elapsed (its seats then read
        // available while still naming it). Only the rest are read one by one, to confirm how they
        // ended: a healthy on-sale event with tens of thousands of live holds costs one read.
        var live = await engine.LiveHoldIdsAsync(snapshot.EventId, cancellationToken).ConfigureAwait(false);
        var suspects = snapshot.Seats
            .Where(s => s.HoldId is not null && (s.Status == SeatStatus.Available || (s.Status == SeatStatus.Held && !live.Contains(s.HoldId))))
            .Select(s => s.HoldId!)
            .Distinct(StringComparer.Ordinal);
        var dead = new HashSet<string>(StringComparer.Ordinal);
        var unswept = new HashSet<string>(StringComparer.Ordinal);
        // ExpiresAt is on Redis' clock and this is the host's: both keep to NTP, far inside the grace.
        var overdueBefore = clock.GetUtcNow() - TimeSpan.FromSeconds(options.Value.Jobs.StuckHoldGraceSeconds);
        foreach (var holdId in suspects)
        {
            var hold = await engine.GetHoldAsync(holdId, null, cancellationToken).ConfigureAwait(false);
            if (hold is null or { Status: HoldStatus.Expired or HoldStatus.Released or HoldStatus.Committed })
            {
                var elapsedUnswept = live.Contains(holdId);
                if (elapsedUnswept && hold is not null && hold.ExpiresAt > overdueBefore)
                {
                    continue;
                }

                dead.Add(holdId);
                if (elapsedUnswept)
                {
                    unswept.Add(holdId);
                }
            }
        }

        return (dead, unswept);
    }

    private async Task<List<Repair>> ApplyAsync(Guid eventId, List<SeatRepair> seatRepairs, string kind, string detail, CancellationToken cancellationToken)
    {
        var repairs = new List<Repair>();
        foreach (var chunk in seatRepairs.Chunk(RepairChunk))
        {
            var result = await engine.RepairSeatsAsync(eventId.ToString("D"), chunk, cancellationToken).ConfigureAwait(false);
            repairs.AddRange(result.Changes.Select(change => new Repair(eventId, kind, change.SeatId, change.Before, change.After, detail)));
        }

        return repairs;
    }

    private async Task RaiseAlarmsAsync(Guid eventId, List<Repair> repairs, CancellationToken cancellationToken)
    {
        if (repairs.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await NewAlarm.InsertAsync(connection, null,
            [.. repairs.Select(r => new NewAlarm(AlarmKinds.SoldInRedisOnly, eventId, r.SeatId, r.Before.StartsWith("sold:", StringComparison.Ordinal) ? r.Before[5..] : null,
                null, null, $"seat sold in Redis with no ticket in PostgreSQL and no outbox entry: {r.Detail}"))],
            cancellationToken).ConfigureAwait(false);
        foreach (var _ in repairs)
        {
            metrics.Alarm(AlarmKinds.SoldInRedisOnly);
        }
    }

    private static string Describe(SeatState seat) => seat switch
    {
        { Status: SeatStatus.Sold } => $"sold:{seat.OrderId}",
        { Status: SeatStatus.Blocked } => "blocked",
        { HoldId: not null } => $"held:{seat.HoldId}",
        _ => "available",
    };
}
