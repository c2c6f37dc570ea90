using System.Net;
using Ticketing.Api.Tests.Support;
using Ticketing.TestSupport;

namespace Ticketing.Api.Tests.Orders;

public sealed class OrdersTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task AnOrderReadsLikeTheCommitAnswerAndBecomesPersisted()
    {
        var eventId = await api.CreateEventAsync();
        var user = api.NewUser();
        var id = (await api.HoldAsync(eventId, user, "FLOOR-A-1", "BALCONY-A-1")).String("reservation_id");
        var committed = await api.PostAsync($"/api/v1/reservations/{id}/commit", new { payment_token = "tok_visa", idempotency_key = "k1" }, user);
        var orderId = committed.String("order_id");

        await Eventually.HoldsAsync(async () =>
            (await api.GetAsync($"/api/v1/orders/{orderId}", user)).Body.GetProperty("persisted").GetBoolean(),
            because: "the outbox writer stores the order in PostgreSQL");

        var order = await api.GetAsync($"/api/v1/orders/{orderId}", user);
        Assert.Equal("confirmed", order.String("status"));
        Assert.Equal(id, order.String("reservation_id"));
        Assert.Equal(eventId, order.String("event_id"));
        Assert.Equal(140.50m, order.Body.GetProperty("total_amount").GetDecimal());
        Assert.Equal(committed.Body.GetProperty("payment").GetRawText(), order.Body.GetProperty("payment").GetRawText());
        Assert.Equal(
            committed.Body.GetProperty("tickets").EnumerateArray().Select(t => t.GetProperty("seat_id").GetString()).Order(),
            order.Body.GetProperty("tickets").EnumerateArray().Select(t => t.GetProperty("seat_id").GetString()).Order());
    }

    [Fact]
    public async Task MyOrdersListsTheCallersOrdersNewestFirst()
    {
        var eventId = await api.CreateEventAsync();
        var user = api.NewUser();
        var orderIds = new List<string>();
        foreach (var seat in new[] { "FLOOR-A-1", "FLOOR-A-2" })
        {
            var id = (await api.HoldAsync(eventId, user, seat)).String("reservation_id");
            orderIds.Add((await api.PostAsync($"/api/v1/reservations/{id}/commit", new { payment_token = "tok_visa", idempotency_key = seat }, user))
                .String("order_id"));
        }

        await Eventually.HoldsAsync(async () => (await api.GetAsync("/api/v1/me/orders", user)).Body.GetProperty("data").GetArrayLength() == 2);

        var listed = (await api.GetAsync("/api/v1/me/orders", user)).Body.GetProperty("data").EnumerateArray()
            .Select(order => order.GetProperty("order_id").GetString()).ToList();
        Assert.Equal([orderIds[1], orderIds[0]], listed);
    }

    [Theory]
    [InlineData("ord_nope")]
    [InlineData("rsv_0123456789abcdef0123456789abcdef_00")]
    [InlineData("ord_0123456789abcdef0123456789abcdef_00")]
    public async Task AnUnknownOrMalformedOrderIdAnswers404(string id)
    {
        (await api.GetAsync($"/api/v1/orders/{id}", api.NewUser())).AssertProblem(HttpStatusCode.NotFound, "order_not_found");
    }

    [Fact]
    public async Task OrdersNeedAToken()
    {
        (await api.GetAsync("/api/v1/me/orders")).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }
}
