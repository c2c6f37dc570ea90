using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Api.Payments;
using Ticketing.Api.Tests.Support;

namespace Ticketing.Api.Tests.Security;

/// <summary>
/// The payment gateway is a third party's API: its slowness and its late answers must not cost a
/// buyer a charge without a ticket, nor keep a seat from sale.
/// A gateway that times out after 2 s, a fake <c>tok_slow</c> that takes 7 s (under a 9 s timeout in
/// its own server), and a payment window of 1 s, so a 5 s hold runs out while its payment is in flight.
/// </summary>
public sealed class Api10UnsafeConsumptionOfApisTests
{
    [Fact]
    public async Task AGatewayTimeoutAnswers504ChargesNothingAndKeepsTheHold()
    {
        var api = await StartAsync(gatewayTimeoutSeconds: 2);
        try
        {
            var (eventId, user, id) = await HoldAsync(api, ttlSeconds: 300);

            var answer = await api.PostAsync($"/api/v1/reservations/{id}/commit", new { payment_token = "tok_timeout", idempotency_key = "t1" }, user);

            answer.AssertProblem(HttpStatusCode.GatewayTimeout, "payment_timeout");
            Assert.Null(api.Server.Services.GetRequiredService<FakePaymentGateway>().StatusOf($"{id}:t1"));
            Assert.Equal("held", (await api.GetAsync($"/api/v1/reservations/{id}", user)).String("status"));
            Assert.Equal("held", (await api.SeatStatusesAsync(eventId))["FLOOR-A-1"]);
            Assert.Equal(HttpStatusCode.OK,
                (await api.PostAsync($"/api/v1/reservations/{id}/commit", new { payment_token = "tok_visa", idempotency_key = "t2" }, user)).Status);
        }
        finally
        {
            await api.DisposeAsync();
        }
    }

    [Fact]
    public async Task AHoldThatExpiresDuringPaymentAnswers410AndItsChargeIsVoided()
    {
        var api = await StartAsync(gatewayTimeoutSeconds: 9);
        try
        {
            var (eventId, user, id) = await HoldAsync(api, ttlSeconds: 5);

            var answer = await api.PostAsync($"/api/v1/reservations/{id}/commit", new { payment_token = "tok_slow", idempotency_key = "s1" }, user);

            answer.AssertProblem(HttpStatusCode.Gone, "reservation_expired");
            Assert.Equal(FakePaymentGateway.ChargeStatus.Voided, api.Server.Services.GetRequiredService<FakePaymentGateway>().StatusOf($"{id}:s1"));
            Assert.Equal("available", (await api.SeatStatusesAsync(eventId))["FLOOR-A-1"]);
            var metrics = await api.Server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            Assert.Contains("ticketing_api_payments_voided_total{reason=\"expired_during_payment\"} 1", metrics, StringComparison.Ordinal);
        }
        finally
        {
            await api.DisposeAsync();
        }
    }

    private static Task<ApiFixture> StartAsync(int gatewayTimeoutSeconds) =>
        ApiFixture.StartAsync(new Dictionary<string, string>
        {
            ["Payments:GatewayTimeoutSeconds"] = gatewayTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Payments:PaymentWindowSeconds"] = "1",
            ["Payments:FakeSlowSeconds"] = "7",
        });

    private static async Task<(string EventId, TestUser User, string ReservationId)> HoldAsync(ApiFixture api, int ttlSeconds)
    {
        var eventId = await api.CreateEventAsync();
        var user = api.NewUser();
        var held = await api.PostAsync($"/api/v1/events/{eventId}/reservations", new { seat_ids = new[] { "FLOOR-A-1" }, ttl_seconds = ttlSeconds }, user);
        Assert.Equal(HttpStatusCode.Created, held.Status);
        return (eventId, user, held.String("reservation_id"));
    }
}
