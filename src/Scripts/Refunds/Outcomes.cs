using Ticketing.Scripts.Orders;

namespace Ticketing.Scripts.Refunds;

/// <summary>What a refund request did. Nothing changed unless <see cref="Refunded"/> with tickets.</summary>
public abstract record RefundOutcome
{
    private RefundOutcome()
    {
    }

    /// <summary>
    /// The named tickets are refunded: <paramref name="RefundedNow"/> of them by this call (0 when
    /// all were refunded before: a repeat), their seats back on sale. <paramref name="Order"/> is
    /// the order as it stands now, with every refund it has had.
    /// </summary>
    public sealed record Refunded(OrderRecord Order, int RefundedNow, long Version) : RefundOutcome;

    /// <summary>Neither Redis nor the caller knows the order, or its event is not loaded.</summary>
    public sealed record NotFound : RefundOutcome;

    /// <summary>Some named tickets are not tickets of the order: nothing was refunded.</summary>
    public sealed record TicketsNotInOrder(IReadOnlyList<string> TicketIds) : RefundOutcome;
}
