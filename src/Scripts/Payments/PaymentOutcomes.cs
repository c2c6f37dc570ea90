using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Orders;

namespace Ticketing.Scripts.Payments;

/// <summary>
/// Step one of the commit saga: mark the hold as paying, so that it can neither expire nor be
/// sold to anyone else while the payment is in flight.
/// </summary>
public abstract record BeginPaymentOutcome
{
    private BeginPaymentOutcome()
    {
    }

    /// <summary>
    /// Charge <see cref="HoldView.TotalPrice"/>, then commit with <see cref="HoldView.Fence"/>.
    /// A retry with the same idempotency key while paying answers this again with the same fence.
    /// </summary>
    public sealed record Ready(HoldView Hold) : BeginPaymentOutcome;

    /// <summary>The same idempotency key already committed this hold: replay that order.</summary>
    public sealed record AlreadyCommitted(OrderRecord Order) : BeginPaymentOutcome;

    /// <summary>
    /// The same key committed this hold, but the replicas commits wait for did not acknowledge it
    /// in time: the order exists on the primary and is not yet safe from its loss. Do not confirm it.
    /// </summary>
    public sealed record NotReplicated(OrderRecord Order) : BeginPaymentOutcome;

    /// <summary>The hold had expired.</summary>
    public sealed record Expired : BeginPaymentOutcome;

    /// <summary>Released, committed under another key, or paying under another key.</summary>
    public sealed record NotHeld(HoldStatus Status) : BeginPaymentOutcome;

    /// <summary>No such hold for this user.</summary>
    public sealed record NotFound : BeginPaymentOutcome;
}

/// <summary>Step three of the saga: after a successful charge, turn the hold into sold seats and an order.</summary>
/// <param name="EventId">The event.</param>
/// <param name="HoldId">The hold.</param>
/// <param name="UserId">Its owner.</param>
/// <param name="Fence">The fence begin-payment returned; any other value is refused.</param>
/// <param name="IdempotencyKey">The key the payment was made under.</param>
/// <param name="OrderId">New order id (<see cref="Keys.EntityIds.NewOrderId"/>).</param>
/// <param name="PaymentTransactionId">The gateway's transaction id.</param>
/// <param name="Tickets">One ticket per held seat, made by the caller.</param>
/// <param name="TraceParent">
/// The W3C <c>traceparent</c> of the trace the commit belongs to, if any: written into the outbox
/// entry, so the order's PostgreSQL write is traced as part of it.
/// </param>
public sealed record CommitRequest(
    string EventId,
    string HoldId,
    string UserId,
    long Fence,
    string IdempotencyKey,
    string OrderId,
    string PaymentTransactionId,
    IReadOnlyList<OrderTicket> Tickets,
    string? TraceParent = null);

/// <summary>What a commit did.</summary>
public abstract record CommitOutcome
{
    private CommitOutcome()
    {
    }

    /// <summary>Sold, and the order is in the outbox stream. <paramref name="Replayed"/>: committed earlier with the same key.</summary>
    public sealed record Committed(OrderRecord Order, bool Replayed) : CommitOutcome;

    /// <summary>
    /// Sold on the primary, but the replicas commits wait for did not acknowledge it in time. The
    /// charge stands (the order exists); do not confirm it yet: a retry with the same key replays it
    /// once a replica holds it, or commits it again on a promoted replica that never received it.
    /// </summary>
    public sealed record NotReplicated(OrderRecord Order) : CommitOutcome;

    /// <summary>The hold expired before the commit: the caller must void the charge.</summary>
    public sealed record Expired : CommitOutcome;

    /// <summary>The hold changed since begin-payment (wrong fence, released, other key): void the charge.</summary>
    public sealed record NotHeld(HoldStatus Status) : CommitOutcome;

    /// <summary>No such hold for this user.</summary>
    public sealed record NotFound : CommitOutcome;
}
