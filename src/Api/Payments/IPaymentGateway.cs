namespace Ticketing.Api.Payments;

/// <summary>
/// A payment provider. Every call is idempotent by <see cref="PaymentCharge.IdempotencyKey"/>:
/// charging again under a key answers the first result and never charges twice.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>
    /// Charges the amount. Cancelling the token abandons the call; whatever it did must then be voided by key.
    /// A <see cref="PaymentResult.Pending"/> answer means the result comes later, by a signed webhook naming the key.
    /// </summary>
    Task<PaymentResult> ChargeAsync(PaymentCharge charge, CancellationToken cancellationToken);

    /// <summary>Cancels the charge made under the key before it settles; nothing happens when there is none.</summary>
    Task VoidAsync(string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Gives back a settled charge made under the key; nothing happens when there is none.</summary>
    Task RefundAsync(string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>
    /// Gives back part (or all) of a settled charge, once per <see cref="PaymentRefund.RefundKey"/>:
    /// asking again under the same refund key answers as before and moves no money.
    /// </summary>
    Task RefundAsync(PaymentRefund refund, CancellationToken cancellationToken);
}

/// <summary>A refund of <paramref name="Amount"/> from the charge made under <paramref name="ChargeKey"/>, idempotent by <paramref name="RefundKey"/>.</summary>
public sealed record PaymentRefund(string ChargeKey, string RefundKey, decimal Amount);

/// <summary>What to charge: <paramref name="PaymentToken"/> stands for the card, never stored or logged.</summary>
public sealed record PaymentCharge(string IdempotencyKey, string PaymentToken, decimal Amount, string Currency);

/// <summary>The gateway's answer.</summary>
public abstract record PaymentResult
{
    private PaymentResult()
    {
    }

    /// <summary>Charged; <paramref name="TransactionId"/> names the charge at the provider.</summary>
    public sealed record Succeeded(string TransactionId) : PaymentResult;

    /// <summary>Refused; nothing was charged. <paramref name="Reason"/> is one of <see cref="PaymentDeclineReasons"/>.</summary>
    public sealed record Declined(string Reason) : PaymentResult;

    /// <summary>
    /// Accepted but not decided (a bank's own confirmation step, say): the provider posts
    /// <c>payment.succeeded</c> or <c>payment.failed</c> for the key to the payment webhook later.
    /// </summary>
    public sealed record Pending : PaymentResult;
}

/// <summary>Stable reasons of a refused payment, answered to clients as <c>reason</c>.</summary>
public static class PaymentDeclineReasons
{
    public const string CardDeclined = "card_declined";
    public const string InsufficientFunds = "insufficient_funds";
    public const string InvalidToken = "invalid_payment_token";
}
