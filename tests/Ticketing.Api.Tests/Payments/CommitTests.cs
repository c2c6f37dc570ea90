using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Api.Payments;
using Ticketing.Api.Tests.Support;

namespace Ticketing.Api.Tests.Payments;

public sealed class CommitTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private FakePaymentGateway Gateway => api.Server.Services.GetRequiredService<FakePaymentGateway>();

    [Fact]
    public async Task APaidCommitConfirmsTheOrderAndSellsTheSeats()
    {
        var (eventId, user, id) = await HoldAsync("FLOOR-A-1", "FLOOR-A-2");

        var order = await CommitAsync(id, user, "tok_visa", "pay-001");

        Assert.Equal(HttpStatusCode.OK, order.Status);
        Assert.Equal("confirmed", order.String("status"));
        Assert.Equal(id, order.String("reservation_id"));
        Assert.Equal(eventId, order.String("event_id"));
        Assert.Equal(200m, order.Body.GetProperty("total_amount").GetDecimal());
        Assert.Equal("USD", order.String("currency"));
        Assert.Equal("succeeded", order.Body.GetProperty("payment").GetProperty("status").GetString());
        var tickets = order.Body.GetProperty("tickets").EnumerateArray().ToList();
        Assert.Equal(["FLOOR-A-1", "FLOOR-A-2"], tickets.Select(t => t.GetProperty("seat_id").GetString()).Order());
        Assert.All(tickets, ticket => Assert.False(string.IsNullOrEmpty(ticket.GetProperty("code").GetString())));
        var statuses = await api.SeatStatusesAsync(eventId);
        Assert.Equal("sold", statuses["FLOOR-A-1"]);
        Assert.Equal("sold", statuses["FLOOR-A-2"]);
        var reservation = await api.GetAsync($"/api/v1/reservations/{id}", user);
        Assert.Equal("committed", reservation.String("status"));
        Assert.Equal(order.String("order_id"), reservation.String("order_id"));
        Assert.Equal(FakePaymentGateway.ChargeStatus.Charged, Gateway.StatusOf($"{id}:pay-001"));
    }

    [Fact]
    public async Task TheSameIdempotencyKeyReplaysTheFirstAnswerAndChargesOnce()
    {
        var (_, user, id) = await HoldAsync("FLOOR-A-1");

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => CommitAsync(id, user, "tok_visa", "pay-once")));
        var later = await CommitAsync(id, user, "tok_visa", "pay-once");

        Assert.All(answers.Append(later), answer => Assert.Equal(HttpStatusCode.OK, answer.Status));
        Assert.Single(answers.Append(later).Select(answer => answer.String("order_id")).Distinct());
        Assert.Single(answers.Append(later).Select(answer => answer.Body.GetProperty("payment").GetProperty("transaction_id").GetString()).Distinct());
    }

    [Fact]
    public async Task ASecondKeyAfterSuccessAnswers409ReservationNotHeld()
    {
        var (_, user, id) = await HoldAsync("FLOOR-A-1");
        Assert.Equal(HttpStatusCode.OK, (await CommitAsync(id, user, "tok_visa", "first")).Status);

        var second = await CommitAsync(id, user, "tok_visa", "second");

        second.AssertProblem(HttpStatusCode.Conflict, "reservation_not_held");
        Assert.Null(Gateway.StatusOf($"{id}:second"));
    }

    [Theory]
    [InlineData("tok_declined", "payment_failed", "card_declined")]
    [InlineData("tok_insufficient_funds", "payment_failed", "insufficient_funds")]
    [InlineData("tok_bogus", "invalid_payment_token", "invalid_payment_token")]
    public async Task ARefusedPaymentAnswers402AndKeepsTheHoldForARetry(string token, string error, string reason)
    {
        var (eventId, user, id) = await HoldAsync("FLOOR-A-1");

        var refused = await CommitAsync(id, user, token, "attempt-1");

        refused.AssertProblem(HttpStatusCode.PaymentRequired, error);
        Assert.Equal(reason, refused.String("reason"));
        Assert.True(refused.Body.GetProperty("retry_allowed").GetBoolean());
        Assert.Equal("held", (await api.GetAsync($"/api/v1/reservations/{id}", user)).String("status"));
        Assert.Equal("held", (await api.SeatStatusesAsync(eventId))["FLOOR-A-1"]);
        Assert.Null(Gateway.StatusOf($"{id}:attempt-1"));

        var retried = await CommitAsync(id, user, "tok_visa", "attempt-2");
        Assert.Equal(HttpStatusCode.OK, retried.Status);
    }

    [Theory]
    [InlineData("""{"payment_token": "tok_visa"}""")]
    [InlineData("""{"payment_token": "", "idempotency_key": "k"}""")]
    [InlineData("""{"payment_token": "tok_visa", "idempotency_key": 7}""")]
    public async Task AMalformedCommitAnswers400AndChargesNothing(string body)
    {
        var (_, user, id) = await HoldAsync("FLOOR-A-1");

        (await api.PostAsync($"/api/v1/reservations/{id}/commit", body, user)).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal("held", (await api.GetAsync($"/api/v1/reservations/{id}", user)).String("status"));
    }

    private async Task<(string EventId, TestUser User, string ReservationId)> HoldAsync(params string[] seats)
    {
        var eventId = await api.CreateEventAsync();
        var user = api.NewUser();
        var held = await api.HoldAsync(eventId, user, seats);
        Assert.Equal(HttpStatusCode.Created, held.Status);
        return (eventId, user, held.String("reservation_id"));
    }

    private Task<ApiResponse> CommitAsync(string id, TestUser user, string token, string key) =>
        api.PostAsync($"/api/v1/reservations/{id}/commit", new { payment_token = token, idempotency_key = key }, user);
}
