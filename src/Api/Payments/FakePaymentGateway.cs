using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Ticketing.Api.Payments.Webhooks;

namespace Ticketing.Api.Payments;

/// <summary>
/// The shipped gateway: deterministic test tokens, so the whole flow runs without a provider.
/// <c>tok_visa</c> succeeds; <c>tok_declined</c> and <c>tok_insufficient_funds</c> are refused;
/// <c>tok_timeout</c> never answers; <c>tok_slow</c> succeeds after <see cref="PaymentsOptions.FakeSlowSeconds"/>;
/// anything else is an invalid token. Asynchronous payments answer <see cref="PaymentResult.Pending"/> and post
/// their result as a signed webhook after <see cref="PaymentsOptions.FakeAsyncSeconds"/> on the app's clock:
/// <c>tok_async</c> succeeds, <c>tok_async_declined</c> fails, and <c>tok_async_late</c> succeeds only after the
/// payment window as well, so its hold has run out by then.
/// </summary>
/// <remarks>REVIEW: charges live in this process's memory, so idempotency by key holds per Api instance only; a real provider keeps it on its side.</remarks>
/// <param name="options">The fake's timings.</param>
/// <param name="webhooks">Posts the results of asynchronous payments; without it they are only settled by <see cref="Decide"/>.</param>
public sealed class FakePaymentGateway(IOptions<PaymentsOptions> options, FakeWebhookSender? webhooks = null) : IPaymentGateway
{
    private readonly ConcurrentDictionary<string, Lazy<Task<PaymentResult>>> _byKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ChargeStatus> _charges = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, decimal> _amounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PaymentRefund> _refunds = new(StringComparer.Ordinal);
    private readonly Lock _refunding = new();

    public enum ChargeStatus
    {
        /// <summary>Answered pending; the result is still to come.</summary>
        Pending,
        Charged,
        Voided,
        Refunded,
        PartiallyRefunded,
    }

    /// <summary>The state of the charge made under the key, or null when nothing was charged.</summary>
    public ChargeStatus? StatusOf(string idempotencyKey) => _charges.TryGetValue(idempotencyKey, out var status) ? status : null;

    /// <summary>The refunds made from the charge under the key (each refund key once), oldest first by key order.</summary>
    public IReadOnlyList<PaymentRefund> RefundsOf(string chargeKey) =>
        [.. _refunds.Values.Where(refund => refund.ChargeKey == chargeKey).OrderBy(refund => refund.RefundKey, StringComparer.Ordinal)];

    public async Task<PaymentResult> ChargeAsync(PaymentCharge charge, CancellationToken cancellationToken)
    {
        // Concurrent retries with one key share one attempt; an attempt that was cancelled
        // (timed out) charged nothing and is forgotten, so a later retry runs afresh.
        var attempt = _byKey.GetOrAdd(charge.IdempotencyKey, _ => new Lazy<Task<PaymentResult>>(() => RunAsync(charge, cancellationToken)));
        try
        {
            return await attempt.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _byKey.TryRemove(new KeyValuePair<string, Lazy<Task<PaymentResult>>>(charge.IdempotencyKey, attempt));
            throw;
        }
    }

    public Task VoidAsync(string idempotencyKey, CancellationToken cancellationToken) =>
        Settle(idempotencyKey, ChargeStatus.Voided);

    public Task RefundAsync(string idempotencyKey, CancellationToken cancellationToken) =>
        Settle(idempotencyKey, ChargeStatus.Refunded);

    public Task RefundAsync(PaymentRefund refund, CancellationToken cancellationToken)
    {
        lock (_refunding)
        {
            if (_charges.TryGetValue(refund.ChargeKey, out var status) && status is ChargeStatus.Charged or ChargeStatus.PartiallyRefunded
                && _refunds.TryAdd(refund.RefundKey, refund))
            {
                var given = RefundsOf(refund.ChargeKey).Sum(r => r.Amount);
                _charges[refund.ChargeKey] = given >= _amounts.GetValueOrDefault(refund.ChargeKey) ? ChargeStatus.Refunded : ChargeStatus.PartiallyRefunded;
            }
        }

        return Task.CompletedTask;
    }

    private Task Settle(string idempotencyKey, ChargeStatus to)
    {
        _charges.TryUpdate(idempotencyKey, to, ChargeStatus.Charged);
        return Task.CompletedTask;
    }

    private async Task<PaymentResult> RunAsync(PaymentCharge charge, CancellationToken cancellationToken)
    {
        switch (charge.PaymentToken)
        {
            case "tok_visa":
                break;
            case "tok_slow":
                await Task.Delay(TimeSpan.FromSeconds(options.Value.FakeSlowSeconds), cancellationToken).ConfigureAwait(false);
                break;
            case "tok_timeout":
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                break;
            case "tok_async":
                return Pending(charge, succeeds: true, TimeSpan.FromSeconds(options.Value.FakeAsyncSeconds));
            case "tok_async_declined":
                return Pending(charge, succeeds: false, TimeSpan.FromSeconds(options.Value.FakeAsyncSeconds));
            case "tok_async_late":
                return Pending(charge, succeeds: true, TimeSpan.FromSeconds(options.Value.PaymentWindowSeconds + options.Value.FakeAsyncSeconds));
            case "tok_declined":
                return new PaymentResult.Declined(PaymentDeclineReasons.CardDeclined);
            case "tok_insufficient_funds":
                return new PaymentResult.Declined(PaymentDeclineReasons.InsufficientFunds);
            default:
                return new PaymentResult.Declined(PaymentDeclineReasons.InvalidToken);
        }

        _amounts[charge.IdempotencyKey] = charge.Amount;
        _charges[charge.IdempotencyKey] = ChargeStatus.Charged;
        return new PaymentResult.Succeeded("txn_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)));
    }

    /// <summary>
    /// Settles a pending charge as the provider would (charged, or refused), makes a later charge
    /// under the key answer that result, and returns the webhook event that reports it.
    /// </summary>
    public PaymentWebhookEvent Decide(string idempotencyKey, bool succeeds, DateTimeOffset at)
    {
        var eventId = "evt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var created = at.ToUnixTimeSeconds();
        PaymentResult result;
        PaymentWebhookEvent webhook;
        if (succeeds)
        {
            var transactionId = "txn_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
            _charges.TryUpdate(idempotencyKey, ChargeStatus.Charged, ChargeStatus.Pending);
            result = new PaymentResult.Succeeded(transactionId);
            webhook = new PaymentWebhookEvent(eventId, PaymentWebhookEvent.Succeeded, created, new PaymentWebhookData(idempotencyKey, transactionId, null));
        }
        else
        {
            _charges.TryRemove(new KeyValuePair<string, ChargeStatus>(idempotencyKey, ChargeStatus.Pending));
            result = new PaymentResult.Declined(PaymentDeclineReasons.CardDeclined);
            webhook = new PaymentWebhookEvent(eventId, PaymentWebhookEvent.Failed, created, new PaymentWebhookData(idempotencyKey, null, PaymentDeclineReasons.CardDeclined));
        }

        _byKey[idempotencyKey] = new Lazy<Task<PaymentResult>>(Task.FromResult(result));
        return webhook;
    }

    private PaymentResult.Pending Pending(PaymentCharge charge, bool succeeds, TimeSpan after)
    {
        _charges[charge.IdempotencyKey] = ChargeStatus.Pending;
        webhooks?.Schedule(after, at => Decide(charge.IdempotencyKey, succeeds, at));
        return new PaymentResult.Pending();
    }
}
