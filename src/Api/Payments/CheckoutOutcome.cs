using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Orders;

namespace Ticketing.Api.Payments;

/// <summary>What one commit (pay, then sell) did. Nothing is charged unless <see cref="Confirmed"/>.</summary>
public abstract record CheckoutOutcome
{
    private CheckoutOutcome()
    {
    }

    /// <summary>Paid and sold (or the replay of the same key's earlier success).</summary>
    public sealed record Confirmed(OrderRecord Order) : CheckoutOutcome;

    /// <summary>
    /// Paid and sold on the Redis primary, but not yet on the replicas commits wait for: not
    /// confirmed to the buyer, whose retry with the same idempotency key finds the order (or makes
    /// it again, charged once, if the primary was lost before a replica had it).
    /// </summary>
    public sealed record NotReplicated : CheckoutOutcome;

    /// <summary>
    /// The gateway answered pending: the hold stays being paid (until the payment window ends) and
    /// the result arrives by webhook, which sells it, or puts it back to held. Nothing is confirmed yet.
    /// </summary>
    public sealed record PaymentPending(HoldView Hold) : CheckoutOutcome;

    /// <summary>The gateway refused; the hold is held again until it expires.</summary>
    public sealed record PaymentDeclined(string Reason) : CheckoutOutcome;

    /// <summary>The gateway did not answer within <paramref name="After"/>; whatever it did was voided and the hold is held again.</summary>
    public sealed record PaymentTimedOut(TimeSpan After) : CheckoutOutcome;

    /// <summary>The hold had expired (before the payment, or during it: then the charge was voided).</summary>
    public sealed record Expired : CheckoutOutcome;

    /// <summary>Released, committed under another key, or being paid under another key.</summary>
    public sealed record NotHeld(HoldStatus Status) : CheckoutOutcome;

    /// <summary>No such hold for this user.</summary>
    public sealed record NotFound : CheckoutOutcome;
}
