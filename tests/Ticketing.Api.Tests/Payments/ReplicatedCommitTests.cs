using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Api.Payments;
using Ticketing.Api.Tests.Support;
using Ticketing.TestSupport;

namespace Ticketing.Api.Tests.Payments;

/// <summary>
/// Commits over HTTP when they wait for a Redis replica (<c>Redis:CommitReplicas</c> = 1): a
/// commit the replica did not acknowledge in time is not confirmed (503 with Retry-After), and the
/// retry with the same idempotency key answers the same order, charged once. The replica is paused
/// (SIGSTOP) to stand for one that lags or is cut off.
/// </summary>
public sealed class ReplicatedCommitTests : IAsyncLifetime
{
    private RedisServer _primary = null!;
    private RedisServer _replica = null!;
    private ApiFixture _api = null!;

    public async Task InitializeAsync()
    {
        _primary = await RedisServer.StartAsync();
        _replica = await RedisServer.StartAsync(extraArguments: ["--replicaof", "127.0.0.1", _primary.Endpoint.Split(':')[1]]);
        _api = await ApiFixture.StartAsync(new Dictionary<string, string>
        {
            ["Redis:CommitReplicas"] = "1",
            ["Redis:CommitReplicaTimeoutMs"] = "1000",
        }, _primary.Configuration);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _replica.DisposeAsync();
        await _primary.DisposeAsync();
    }

    [Fact]
    public async Task ACommitTheReplicaDidNotConfirmAnswers503AndItsRetryAnswersTheOrderChargedOnce()
    {
        var eventId = await _api.CreateEventAsync();
        var buyer = _api.NewUser();
        // The replica must be in sync before the test pauses it, or the first commit's 200 would wait on the sync.
        var warmUpSeat = 0;
        await Eventually.HoldsAsync(async () =>
            (await BuyAsync(eventId, _api.NewUser(), $"BALCONY-A-{++warmUpSeat}", "warm-up")).Status == HttpStatusCode.OK);
        var hold = await _api.HoldAsync(eventId, buyer, "FLOOR-A-1", "FLOOR-A-2");
        var reservationId = hold.String("reservation_id");

        _replica.Pause();
        ApiResponse unconfirmed;
        try
        {
            unconfirmed = await CommitAsync(reservationId, buyer, "pay-001");
        }
        finally
        {
            _replica.Resume();
        }

        unconfirmed.AssertProblem(HttpStatusCode.ServiceUnavailable, "commit_not_replicated");
        Assert.Equal(TimeSpan.FromSeconds(1), unconfirmed.Headers.RetryAfter?.Delta);
        Assert.True(unconfirmed.Body.GetProperty("retry_allowed").GetBoolean());
        // The seats are sold on the primary already: nobody else can take them meanwhile.
        Assert.Equal("sold", (await _api.SeatStatusesAsync(eventId))["FLOOR-A-1"]);

        // What the client does with 503: retry with the same key (the replica catches up meanwhile).
        var retried = unconfirmed;
        await Eventually.HoldsAsync(async () =>
            (retried = await CommitAsync(reservationId, buyer, "pay-001")).Status != HttpStatusCode.ServiceUnavailable);

        Assert.Equal(HttpStatusCode.OK, retried.Status);
        Assert.Equal(["FLOOR-A-1", "FLOOR-A-2"], retried.Body.GetProperty("tickets").EnumerateArray()
            .Select(ticket => ticket.GetProperty("seat_id").GetString()!).Order());
        var order = await _api.GetAsync($"/api/v1/orders/{retried.String("order_id")}", buyer);
        Assert.Equal(HttpStatusCode.OK, order.Status);
        var gateway = _api.Server.Services.GetRequiredService<FakePaymentGateway>();
        Assert.Equal(FakePaymentGateway.ChargeStatus.Charged, gateway.StatusOf($"{reservationId}:pay-001"));
        Assert.Equal(retried.Body.GetProperty("payment").GetProperty("transaction_id").GetString(),
            (await CommitAsync(reservationId, buyer, "pay-001")).Body.GetProperty("payment").GetProperty("transaction_id").GetString());
    }

    [Fact]
    public async Task ARetryThatFindsTheHoldNoLongerPayableVoidsTheChargeOfTheAttemptWhoseOrderWasLost()
    {
        var eventId = await _api.CreateEventAsync();
        var buyer = _api.NewUser();
        var reservationId = (await _api.HoldAsync(eventId, buyer, "FLOOR-B-1")).String("reservation_id");
        // What a promoted replica leaves after the primary died with an unconfirmed commit: the
        // gateway charged under the key, and the hold it paid for has since ended there.
        var gateway = _api.Server.Services.GetRequiredService<FakePaymentGateway>();
        Assert.IsType<PaymentResult.Succeeded>(await gateway.ChargeAsync(
            new PaymentCharge($"{reservationId}:pay-lost", "tok_visa", 100.00m, "USD"), CancellationToken.None));
        Assert.Equal(HttpStatusCode.NoContent, (await _api.SendAsync(HttpMethod.Delete, $"/api/v1/reservations/{reservationId}", buyer)).Status);

        var retried = await CommitAsync(reservationId, buyer, "pay-lost");

        Assert.True((int)retried.Status is 409 or 410, $"{retried.Status}: {retried.Body}");
        Assert.Equal(FakePaymentGateway.ChargeStatus.Voided, gateway.StatusOf($"{reservationId}:pay-lost"));
    }

    private async Task<ApiResponse> BuyAsync(string eventId, TestUser buyer, string seat, string key)
    {
        var hold = await _api.HoldAsync(eventId, buyer, seat);
        return hold.Status == HttpStatusCode.Created ? await CommitAsync(hold.String("reservation_id"), buyer, key) : hold;
    }

    private Task<ApiResponse> CommitAsync(string reservationId, TestUser buyer, string key) =>
        _api.PostAsync($"/api/v1/reservations/{reservationId}/commit", new { payment_token = "tok_visa", idempotency_key = key }, buyer);
}
