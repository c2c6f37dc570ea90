using Microsoft.Extensions.Options;
using Ticketing.Scripts;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Payments;

namespace Ticketing.Api.Payments.Webhooks;

/// <summary>
/// The results of payments the gateway answered pending, as its webhooks report them. A success
/// sells the hold through the saga's own last step while the hold is still being paid under that
/// key; a success that finds the hold expired, released or paid under another key is refunded at
/// once. A failure puts a hold still being paid under that key back to held, as a refusal does.
/// Each step is safe to run twice (begin-payment with the same key answers the same fence, commit
/// by key replays, refund by key is idempotent), so a redelivery that slips past the inbox changes nothing.
/// </summary>
public sealed class LatePaymentResults(IInventorySales engine, CheckoutSaga checkout, IOptions<PaymentsOptions> options)
{
    public async Task<LateResult> SucceededAsync(string gatewayKey, string transactionId, CancellationToken cancellationToken)
    {
        if (!CheckoutSaga.TryParseGatewayKey(gatewayKey, out var holdId, out var idempotencyKey))
        {
            await checkout.RefundLatePaymentAsync(gatewayKey, "unknown_hold").ConfigureAwait(false);
            return LateResult.Refunded;
        }

        var begun = await RejoinPaymentAsync(holdId, idempotencyKey, cancellationToken).ConfigureAwait(false);
        switch (begun)
        {
            case BeginPaymentOutcome.Ready ready:
                var sold = await checkout.SellPaidHoldAsync(ready.Hold, idempotencyKey, transactionId, UnsoldCharge.Refund).ConfigureAwait(false);
                return sold switch
                {
                    CheckoutOutcome.Confirmed => LateResult.Committed,
                    CheckoutOutcome.NotReplicated => LateResult.NotReplicated,
                    _ => LateResult.Refunded,
                };
            case BeginPaymentOutcome.AlreadyCommitted:
                return LateResult.AlreadyCommitted;
            case BeginPaymentOutcome.NotReplicated:
                return LateResult.NotReplicated;
        }

        await checkout.RefundLatePaymentAsync(gatewayKey, begun switch
        {
            BeginPaymentOutcome.Expired => "expired_before_result",
            BeginPaymentOutcome.NotHeld => "changed_before_result",
            _ => "unknown_hold",
        }).ConfigureAwait(false);
        return LateResult.Refunded;
    }

    public async Task<LateResult> FailedAsync(string gatewayKey, CancellationToken cancellationToken)
    {
        if (!CheckoutSaga.TryParseGatewayKey(gatewayKey, out var holdId, out var idempotencyKey)
            || await RejoinPaymentAsync(holdId, idempotencyKey, cancellationToken).ConfigureAwait(false) is not BeginPaymentOutcome.Ready ready)
        {
            // Nothing was charged and no hold waits for this payment: nothing to undo.
            return LateResult.Ignored;
        }

        await engine.AbandonPaymentAsync(holdId, ready.Hold.UserId, ready.Hold.Fence, CancellationToken.None).ConfigureAwait(false);
        return LateResult.Abandoned;
    }

    /// <summary>
    /// The hold's payment under the key, with its fence, when the hold is still being paid under
    /// it (or was sold under it). A hold that is merely held is not paid for by this result: the
    /// payment was given up (its failure reported first, or the buyer's retry refused), so begin-payment
    /// is not asked to start it again.
    /// </summary>
    private async Task<BeginPaymentOutcome> RejoinPaymentAsync(string holdId, string idempotencyKey, CancellationToken cancellationToken)
    {
        var hold = await engine.GetHoldAsync(holdId, userId: null, cancellationToken).ConfigureAwait(false);
        return hold switch
        {
            null => new BeginPaymentOutcome.NotFound(),
            { Status: HoldStatus.Paying or HoldStatus.Committed } => await engine.BeginPaymentAsync(
                holdId, hold.UserId, idempotencyKey, options.Value.PaymentWindowSeconds, cancellationToken).ConfigureAwait(false),
            { Status: HoldStatus.Expired } => new BeginPaymentOutcome.Expired(),
            _ => new BeginPaymentOutcome.NotHeld(hold.Status),
        };
    }
}

/// <summary>What a late payment result did.</summary>
public enum LateResult
{
    /// <summary>The hold was sold: the buyer's order exists.</summary>
    Committed,

    /// <summary>The hold was already sold under this payment (a redelivery, or the buyer's retry got there first).</summary>
    AlreadyCommitted,

    /// <summary>Sold on the Redis primary, not yet on a replica: the webhook is answered 503 so the provider retries.</summary>
    NotReplicated,

    /// <summary>No ticket could be sold for the payment any more: it was refunded.</summary>
    Refunded,

    /// <summary>The payment failed; the hold is held again.</summary>
    Abandoned,

    /// <summary>Nothing to do.</summary>
    Ignored,
}
