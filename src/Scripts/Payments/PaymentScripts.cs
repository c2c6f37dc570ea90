using StackExchange.Redis;
using Ticketing.Scripts.Execution;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Layout;
using Ticketing.Scripts.Orders;
using Ticketing.Scripts.Replication;

namespace Ticketing.Scripts.Payments;

/// <summary>
/// Typed wrappers of the payment saga scripts (begin, abandon, commit) and order reads. With
/// <paramref name="lanes"/>, a commit (or its replay) counts as done only once replicas hold it;
/// each commit runs, and waits, on the next lane's connection in turn.
/// </summary>
internal sealed class PaymentScripts(IConnectionMultiplexer redis, ScriptRunner runner, LayoutLoader layouts,
    IReadOnlyList<ReplicaAcknowledgement>? lanes = null)
{
    private int _nextLane;

    public async Task<BeginPaymentOutcome> BeginAsync(string holdId, string userId, string idempotencyKey, int paymentWindowSeconds)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(paymentWindowSeconds, 1);
        if (!EntityIds.TryGetEventId(holdId, EntityIds.HoldPrefix, out var eventId))
        {
            return new BeginPaymentOutcome.NotFound();
        }

        var reply = Reply.Of(EngineScripts.BeginPayment, await runner.RunAsync(
            EngineScripts.BeginPayment, eventId, holdId, userId, idempotencyKey, paymentWindowSeconds).ConfigureAwait(false));
        return reply.Status switch
        {
            "ready" => new BeginPaymentOutcome.Ready(HoldRecord.Parse(reply.String(1))
                .ToView(eventId, await layouts.GetAsync(eventId).ConfigureAwait(false))),
            "committed" => await ReplayAsync(eventId, StoredOrder.Decode(reply.String(1))).ConfigureAwait(false),
            "expired" => new BeginPaymentOutcome.Expired(),
            "not_held" => new BeginPaymentOutcome.NotHeld(HoldRecord.ParseStatus(reply.String(1))),
            "not_found" => new BeginPaymentOutcome.NotFound(),
            _ => throw reply.Unexpected(),
        };
    }

    public async Task<bool> AbandonAsync(string holdId, string userId, long fence)
    {
        if (!EntityIds.TryGetEventId(holdId, EntityIds.HoldPrefix, out var eventId))
        {
            return false;
        }

        var result = await runner.RunAsync(EngineScripts.AbandonPayment, eventId, holdId, userId, fence).ConfigureAwait(false);
        return (long)result == 1;
    }

    public async Task<CommitOutcome> CommitAsync(CommitRequest request)
    {
        ArgumentException.ThrowIfNullOrEmpty(request.IdempotencyKey);
        if (!EntityIds.TryGetEventId(request.HoldId, EntityIds.HoldPrefix, out var eventId) || eventId != request.EventId)
        {
            return new CommitOutcome.NotFound();
        }

        var layout = await layouts.FindAsync(eventId).ConfigureAwait(false);
        if (layout is null)
        {
            return new CommitOutcome.NotFound();
        }

        var total = request.Tickets.Sum(ticket => ticket.Price);
        var order = new OrderRecord(request.OrderId, eventId, request.UserId, request.HoldId, request.IdempotencyKey,
            total, layout.Currency, request.PaymentTransactionId, default, request.Tickets);
        RedisValue[] arguments =
        [
            request.HoldId, request.UserId, request.Fence, request.IdempotencyKey, request.OrderId,
            OrderCodec.Encode(order), Money.ToCents(total), request.TraceParent ?? "",
            UnwrittenOrders.ScoreOf(request.UserId), eventId,
            .. request.Tickets.Select(ticket => (RedisValue)ticket.SeatId),
        ];
        // The script and its wait share one connection: WAIT counts that connection's writes.
        var lane = NextLane();
        var reply = Reply.Of(EngineScripts.CommitHold,
            await (lane?.Runner ?? runner).RunAsync(EngineScripts.CommitHold, eventId, arguments).ConfigureAwait(false));
        return reply.Status switch
        {
            "committed" => await CommittedAsync(lane, eventId, StoredOrder.Decode(reply.String(1)), replayed: reply.Long(2) == 1).ConfigureAwait(false),
            "expired" => new CommitOutcome.Expired(),
            "not_held" => new CommitOutcome.NotHeld(HoldRecord.ParseStatus(reply.String(1))),
            "not_found" => new CommitOutcome.NotFound(),
            "mismatch" => throw new ArgumentException(
                "the tickets must name exactly the hold's seats at the hold's prices", nameof(request)),
            _ => throw reply.Unexpected(),
        };
    }

    private ReplicaAcknowledgement? NextLane() =>
        lanes is null ? null : lanes[(int)((uint)Interlocked.Increment(ref _nextLane) % (uint)lanes.Count)];

    private async Task<BeginPaymentOutcome> ReplayAsync(string eventId, OrderRecord order) =>
        NextLane() is not { } lane || await lane.AcknowledgedAsync(eventId, committedElsewhere: true).ConfigureAwait(false)
            ? new BeginPaymentOutcome.AlreadyCommitted(order)
            : new BeginPaymentOutcome.NotReplicated(order);

    private static async Task<CommitOutcome> CommittedAsync(ReplicaAcknowledgement? lane, string eventId, OrderRecord order, bool replayed) =>
        lane is null || await lane.AcknowledgedAsync(eventId, committedElsewhere: replayed).ConfigureAwait(false)
            ? new CommitOutcome.Committed(order, replayed)
            : new CommitOutcome.NotReplicated(order);

    public async Task<OrderRecord?> GetOrderAsync(string orderId)
    {
        if (!EntityIds.TryGetEventId(orderId, EntityIds.OrderPrefix, out var eventId))
        {
            return null;
        }

        string? stored = await redis.GetDatabase().HashGetAsync(EventKeys.Orders(eventId), orderId).ConfigureAwait(false);
        return stored is null ? null : StoredOrder.Decode(stored);
    }
}
