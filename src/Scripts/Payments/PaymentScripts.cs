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
/// <paramref name="replicas"/>, a commit (or its replay) counts as done only once replicas hold it.
/// </summary>
internal sealed class PaymentScripts(IConnectionMultiplexer redis, ScriptRunner runner, LayoutLoader layouts, ReplicaAcknowledgement? replicas = null)
{
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
            .. request.Tickets.Select(ticket => (RedisValue)ticket.SeatId),
        ];
        var reply = Reply.Of(EngineScripts.CommitHold,
            await (replicas?.Runner ?? runner).RunAsync(EngineScripts.CommitHold, eventId, arguments).ConfigureAwait(false));
        return reply.Status switch
        {
            "committed" => await CommittedAsync(eventId, StoredOrder.Decode(reply.String(1)), replayed: reply.Long(2) == 1).ConfigureAwait(false),
            "expired" => new CommitOutcome.Expired(),
            "not_held" => new CommitOutcome.NotHeld(HoldRecord.ParseStatus(reply.String(1))),
            "not_found" => new CommitOutcome.NotFound(),
            "mismatch" => throw new ArgumentException(
                "the tickets must name exactly the hold's seats at the hold's prices", nameof(request)),
            _ => throw reply.Unexpected(),
        };
    }

    private async Task<BeginPaymentOutcome> ReplayAsync(string eventId, OrderRecord order) =>
        replicas is null || await replicas.AcknowledgedAsync(eventId, committedElsewhere: true).ConfigureAwait(false)
            ? new BeginPaymentOutcome.AlreadyCommitted(order)
            : new BeginPaymentOutcome.NotReplicated(order);

    private async Task<CommitOutcome> CommittedAsync(string eventId, OrderRecord order, bool replayed) =>
        replicas is null || await replicas.AcknowledgedAsync(eventId, committedElsewhere: replayed).ConfigureAwait(false)
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
