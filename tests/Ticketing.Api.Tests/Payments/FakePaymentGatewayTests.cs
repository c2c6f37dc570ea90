using Microsoft.Extensions.Options;
using Ticketing.Api.Payments;

namespace Ticketing.Api.Tests.Payments;

public sealed class FakePaymentGatewayTests
{
    private readonly FakePaymentGateway _gateway = new(Options.Create(new PaymentsOptions { FakeSlowSeconds = 0 }));

    [Fact]
    public async Task ChargingTwiceUnderOneKeyAnswersTheSameTransaction()
    {
        var first = await _gateway.ChargeAsync(new PaymentCharge("k1", "tok_visa", 10m, "USD"), CancellationToken.None);
        var again = await _gateway.ChargeAsync(new PaymentCharge("k1", "tok_visa", 10m, "USD"), CancellationToken.None);

        Assert.Equal(first, again);
        Assert.IsType<PaymentResult.Succeeded>(first);
        Assert.Equal(FakePaymentGateway.ChargeStatus.Charged, _gateway.StatusOf("k1"));
    }

    [Fact]
    public async Task AVoidedChargeStaysVoidedAndARefundAppliesOnlyToALiveCharge()
    {
        await _gateway.ChargeAsync(new PaymentCharge("void-me", "tok_visa", 10m, "USD"), CancellationToken.None);
        await _gateway.ChargeAsync(new PaymentCharge("refund-me", "tok_visa", 10m, "USD"), CancellationToken.None);

        await _gateway.VoidAsync("void-me", CancellationToken.None);
        await _gateway.RefundAsync("void-me", CancellationToken.None);
        await _gateway.RefundAsync("refund-me", CancellationToken.None);
        await _gateway.VoidAsync("never-charged", CancellationToken.None);

        Assert.Equal(FakePaymentGateway.ChargeStatus.Voided, _gateway.StatusOf("void-me"));
        Assert.Equal(FakePaymentGateway.ChargeStatus.Refunded, _gateway.StatusOf("refund-me"));
        Assert.Null(_gateway.StatusOf("never-charged"));
    }

    [Theory]
    [InlineData("tok_declined", "card_declined")]
    [InlineData("tok_insufficient_funds", "insufficient_funds")]
    [InlineData("tok_who_knows", "invalid_payment_token")]
    public async Task RefusedTokensChargeNothing(string token, string reason)
    {
        var result = await _gateway.ChargeAsync(new PaymentCharge("k", token, 10m, "USD"), CancellationToken.None);

        Assert.Equal(reason, Assert.IsType<PaymentResult.Declined>(result).Reason);
        Assert.Null(_gateway.StatusOf("k"));
    }

    [Fact]
    public async Task ATimedOutChargeIsForgottenSoALaterRetryRunsAfresh()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _gateway.ChargeAsync(new PaymentCharge("k", "tok_timeout", 10m, "USD"), timeout.Token));

        Assert.Null(_gateway.StatusOf("k"));
        var retried = await _gateway.ChargeAsync(new PaymentCharge("k", "tok_visa", 10m, "USD"), CancellationToken.None);
        Assert.IsType<PaymentResult.Succeeded>(retried);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AnAsynchronousChargeIsPendingUntilDecidedAndThenAnswersItsResult(bool succeeds)
    {
        var charge = new PaymentCharge("async", "tok_async", 10m, "USD");
        Assert.IsType<PaymentResult.Pending>(await _gateway.ChargeAsync(charge, CancellationToken.None));
        Assert.Equal(FakePaymentGateway.ChargeStatus.Pending, _gateway.StatusOf("async"));

        var webhook = _gateway.Decide("async", succeeds, DateTimeOffset.UnixEpoch.AddDays(1));

        var again = await _gateway.ChargeAsync(charge, CancellationToken.None);
        if (succeeds)
        {
            Assert.Equal("payment.succeeded", webhook.Type);
            Assert.Equal(webhook.Data!.TransactionId, Assert.IsType<PaymentResult.Succeeded>(again).TransactionId);
            Assert.Equal(FakePaymentGateway.ChargeStatus.Charged, _gateway.StatusOf("async"));
        }
        else
        {
            Assert.Equal("payment.failed", webhook.Type);
            Assert.IsType<PaymentResult.Declined>(again);
            Assert.Null(_gateway.StatusOf("async"));
        }

        Assert.Equal("async", webhook.Data!.IdempotencyKey);
        Assert.Equal(86_400, webhook.Created);
    }
}
