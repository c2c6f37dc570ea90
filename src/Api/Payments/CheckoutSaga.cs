using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;
using Ticketing.Api.Observability;
using Ticketing.Scripts;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Orders;
using Ticketing.Scripts.Payments;

namespace Ticketing.Api.Payments;

/// <summary>
/// Commit as a saga with a compensation for every step that can fail after money moved:
/// <list type="number">
/// <item>begin payment: the hold becomes <c>paying</c> under the idempotency key, kept alive for the payment window, and hands out a fence;</item>
/// <item>charge through the gateway, bounded by the gateway timeout; a refusal or timeout puts the hold back to held (and voids by key after a timeout);</item>
/// <item>a charge the gateway answers pending leaves the hold paying: the provider's webhook finishes the saga (<see cref="Webhooks.LatePaymentResults"/>) through <see cref="SellPaidHoldAsync"/>;</item>
/// <item>commit with the fence in one script run; if the hold expired or changed meanwhile, the charge is voided, never kept without a ticket.</item>
/// </list>
/// The caller's cancellation is honoured only before money moves: once the charge starts, the saga
/// runs to an end (sold, or voided) even if the client has gone.
/// </summary>
public sealed class CheckoutSaga
{
    private readonly IInventorySales _engine;
    private readonly IPaymentGateway _gateway;
    private readonly ApiMetrics _metrics;
    private readonly ILogger<CheckoutSaga> _logger;
    private readonly PaymentsOptions _options;
    private readonly ResiliencePipeline _gatewayTimeout;

    public CheckoutSaga(IInventorySales engine, IPaymentGateway gateway, ApiMetrics metrics, IOptions<PaymentsOptions> options, ILogger<CheckoutSaga> logger)
    {
        _engine = engine;
        _gateway = gateway;
        _metrics = metrics;
        _logger = logger;
        _options = options.Value;
        _gatewayTimeout = new ResiliencePipelineBuilder().AddTimeout(TimeSpan.FromSeconds(_options.GatewayTimeoutSeconds)).Build();
    }

    public async Task<CheckoutOutcome> CommitAsync(string holdId, string userId, string paymentToken, string idempotencyKey, CancellationToken cancellationToken)
    {
        EntityIds.TryGetEventId(holdId, EntityIds.HoldPrefix, out var eventId);
        BeginPaymentOutcome begun;
        using (var span = EngineTracing.Start("begin_payment", eventId))
        {
            begun = span.Answered(await _engine.BeginPaymentAsync(holdId, userId, idempotencyKey, _options.PaymentWindowSeconds, cancellationToken)
                .ConfigureAwait(false));
        }

        var gatewayKey = GatewayKey(holdId, idempotencyKey);
        switch (begun)
        {
            case BeginPaymentOutcome.AlreadyCommitted replay:
                return new CheckoutOutcome.Confirmed(replay.Order);
            case BeginPaymentOutcome.NotReplicated:
                return NotReplicated();
            case BeginPaymentOutcome.Expired:
                await VoidEarlierChargeAsync(gatewayKey).ConfigureAwait(false);
                return new CheckoutOutcome.Expired();
            case BeginPaymentOutcome.NotHeld notHeld:
                await VoidEarlierChargeAsync(gatewayKey).ConfigureAwait(false);
                return new CheckoutOutcome.NotHeld(notHeld.Status);
            case BeginPaymentOutcome.NotFound:
                return new CheckoutOutcome.NotFound();
        }

        var hold = ((BeginPaymentOutcome.Ready)begun).Hold;
        var paid = await ChargeAsync(new PaymentCharge(gatewayKey, paymentToken, hold.TotalPrice, hold.Currency)).ConfigureAwait(false);
        return paid switch
        {
            PaymentResult.Succeeded succeeded => await SellPaidHoldAsync(hold, idempotencyKey, succeeded.TransactionId, UnsoldCharge.Void).ConfigureAwait(false),
            // The hold stays paying: the provider's webhook decides it (see LatePaymentResults).
            PaymentResult.Pending => new CheckoutOutcome.PaymentPending(hold),
            _ => await GiveBackAfterUnpaidAsync(hold, userId, gatewayKey, paid as PaymentResult.Declined).ConfigureAwait(false),
        };
    }

    /// <summary>
    /// The last step for a hold whose payment under <paramref name="idempotencyKey"/> succeeded,
    /// whether the gateway said so at once or later by webhook: sell it with the fence begin-payment
    /// gave, or, when it expired or changed meanwhile, give the money back (<paramref name="unsold"/>:
    /// void an authorisation the saga just made, refund a payment the provider settled on its own).
    /// </summary>
    public async Task<CheckoutOutcome> SellPaidHoldAsync(HoldView hold, string idempotencyKey, string transactionId, UnsoldCharge unsold)
    {
        ArgumentNullException.ThrowIfNull(hold);
        CommitOutcome committed;
        using (var span = EngineTracing.Start("commit_hold", hold.EventId))
        {
            committed = span.Answered(await _engine.CommitAsync(NewCommit(hold, idempotencyKey, transactionId), CancellationToken.None)
                .ConfigureAwait(false));
        }

        switch (committed)
        {
            case CommitOutcome.Committed order:
                return new CheckoutOutcome.Confirmed(order.Order);
            case CommitOutcome.NotReplicated:
                // Sold and paid: the charge stands, only the answer waits for a replica.
                return NotReplicated();
        }

        await GiveBackUnsoldChargeAsync(GatewayKey(hold.HoldId, idempotencyKey), committed, unsold).ConfigureAwait(false);
        return committed switch
        {
            CommitOutcome.Expired => new CheckoutOutcome.Expired(),
            CommitOutcome.NotHeld notHeld => new CheckoutOutcome.NotHeld(notHeld.Status),
            _ => new CheckoutOutcome.NotFound(),
        };
    }

    /// <summary>The gateway key of a payment: scoped to the hold, so two users' "pay-001" are different payments.</summary>
    public static string GatewayKey(string holdId, string idempotencyKey) => $"{holdId}:{idempotencyKey}";

    /// <summary>The hold and the buyer's key a gateway key was made of; false when it is not one of ours.</summary>
    public static bool TryParseGatewayKey(string? gatewayKey, out string holdId, out string idempotencyKey)
    {
        // Hold ids never contain ':' (EntityIds), so the first one ends the hold id.
        var colon = gatewayKey?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        holdId = colon > 0 ? gatewayKey![..colon] : "";
        idempotencyKey = colon > 0 ? gatewayKey![(colon + 1)..] : "";
        return colon > 0 && idempotencyKey.Length > 0 && EntityIds.TryGetEventId(holdId, EntityIds.HoldPrefix, out _);
    }

    private CheckoutOutcome.NotReplicated NotReplicated()
    {
        _logger.LogWarning("A commit was sold on the Redis primary but no replica acknowledged it in time; the buyer is asked to retry");
        return new CheckoutOutcome.NotReplicated();
    }

    /// <summary>
    /// A commit that reached a hold no longer payable under this key charged nothing now, but an
    /// earlier attempt with the same key may have: one answered "not yet replicated" whose order
    /// was then lost with the Redis primary, on a replica where the hold has since expired or
    /// changed hands. Such a charge has no ticket and is voided (a void of a key never charged is
    /// a no-op at the gateway). A hold of another user never gets here: it answers not found.
    /// </summary>
    private Task VoidEarlierChargeAsync(string gatewayKey) => _gateway.VoidAsync(gatewayKey, CancellationToken.None);

    /// <summary>
    /// Puts the hold back to held so the buyer may retry. A refusal charged nothing; after a timeout
    /// the gateway may still have charged, so the key is voided first.
    /// </summary>
    private async Task<CheckoutOutcome> GiveBackAfterUnpaidAsync(HoldView hold, string userId, string gatewayKey, PaymentResult.Declined? declined)
    {
        if (declined is null)
        {
            await _gateway.VoidAsync(gatewayKey, CancellationToken.None).ConfigureAwait(false);
        }

        using (var span = EngineTracing.Start("abandon_payment", hold.EventId))
        {
            await _engine.AbandonPaymentAsync(hold.HoldId, userId, hold.Fence, CancellationToken.None).ConfigureAwait(false);
        }

        return declined is null
            ? new CheckoutOutcome.PaymentTimedOut(TimeSpan.FromSeconds(_options.GatewayTimeoutSeconds))
            : new CheckoutOutcome.PaymentDeclined(declined.Reason);
    }

    /// <summary>The gateway's answer, or null when it did not answer within the timeout.</summary>
    private async Task<PaymentResult?> ChargeAsync(PaymentCharge charge)
    {
        try
        {
            var result = await _gatewayTimeout.ExecuteAsync(
                static async (state, token) => await state.Gateway.ChargeAsync(state.Charge, token).ConfigureAwait(false),
                (Gateway: _gateway, Charge: charge),
                CancellationToken.None).ConfigureAwait(false);
            _metrics.Payment(result switch
            {
                PaymentResult.Declined declined => declined.Reason,
                PaymentResult.Pending => "pending",
                _ => "succeeded",
            });
            return result;
        }
        catch (TimeoutRejectedException)
        {
            _metrics.Payment("timeout");
            _logger.LogWarning("Payment gateway timed out after {TimeoutSeconds} s", _options.GatewayTimeoutSeconds);
            return null;
        }
    }

    private async Task GiveBackUnsoldChargeAsync(string gatewayKey, CommitOutcome outcome, UnsoldCharge unsold)
    {
        var reason = outcome switch
        {
            CommitOutcome.Expired => "expired_during_payment",
            CommitOutcome.NotHeld => "changed_during_payment",
            _ => "hold_vanished",
        };
        if (unsold == UnsoldCharge.Refund)
        {
            await RefundLatePaymentAsync(gatewayKey, reason).ConfigureAwait(false);
            return;
        }

        await _gateway.VoidAsync(gatewayKey, CancellationToken.None).ConfigureAwait(false);
        _metrics.ChargeVoided(reason);
        _logger.LogWarning("Voided a charge because the reservation could not be sold after payment: {Reason}", reason);
    }

    /// <summary>Refunds a payment that succeeded when no ticket could be sold for it any more: money is never kept without a ticket.</summary>
    public async Task RefundLatePaymentAsync(string gatewayKey, string reason)
    {
        await _gateway.RefundAsync(gatewayKey, CancellationToken.None).ConfigureAwait(false);
        _metrics.LatePaymentRefunded(reason);
        _logger.LogWarning("Refunded a payment that succeeded after its reservation could no longer be sold: {Reason}", reason);
    }

    private static CommitRequest NewCommit(HoldView hold, string idempotencyKey, string transactionId) => new(
        hold.EventId,
        hold.HoldId,
        hold.UserId,
        hold.Fence,
        idempotencyKey,
        EntityIds.NewOrderId(hold.EventId),
        transactionId,
        [.. hold.Seats.Select(seat => new OrderTicket(EntityIds.NewTicketId(hold.EventId), seat.Id, NewTicketCode(), seat.Price))],
        // The order's PostgreSQL write joins this request's trace, under the commit script's span
        // when there is one (a W3C id: version-trace-span-flags).
        Activity.Current?.Id);

    /// <summary>What a gate scanner reads: short, unguessable, no look-alike characters.</summary>
    private static string NewTicketCode() => RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 12);
}

/// <summary>How a charge that bought nothing is given back.</summary>
public enum UnsoldCharge
{
    /// <summary>The saga's own charge, not yet settled: cancelled before it settles.</summary>
    Void,

    /// <summary>A payment the provider settled and reported later by webhook: paid back.</summary>
    Refund,
}
