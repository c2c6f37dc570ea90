using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Ticketing.Api.Auth;
using Ticketing.Api.Payments;
using Ticketing.Api.Tests.Support;
using Ticketing.TestSupport;

namespace Ticketing.Api.Tests.Orders;

/// <summary>Cancelling orders: the seats go back on sale, the money back to the buyer, once.</summary>
public sealed class CancelOrderTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private FakePaymentGateway Gateway => api.Server.Services.GetRequiredService<FakePaymentGateway>();

    [Fact]
    public async Task ABuyerCancelsAWholeOrderAndItsSeatsAreOnSaleAgainAndTheChargeRefunded()
    {
        var eventId = await CreateRefundableEventAsync();
        var buyer = api.NewUser();
        var (order, chargeKey) = await BuyAsync(eventId, buyer, "FLOOR-A-1", "FLOOR-A-2");
        var orderId = order.String("order_id");

        var cancelled = await api.PostAsync($"/api/v1/orders/{orderId}/cancel", null, buyer);

        Assert.Equal(HttpStatusCode.OK, cancelled.Status);
        Assert.Equal("refunded", cancelled.String("status"));
        Assert.Equal("refunded", cancelled.Body.GetProperty("payment").GetProperty("status").GetString());
        Assert.All(TicketStatusesOf(cancelled).Values, status => Assert.Equal("refunded", status));
        var seats = await api.SeatStatusesAsync(eventId);
        Assert.Equal(("available", "available"), (seats["FLOOR-A-1"], seats["FLOOR-A-2"]));
        Assert.Equal(FakePaymentGateway.ChargeStatus.Refunded, Gateway.StatusOf(chargeKey));
        Assert.Equal(order.Body.GetProperty("total_amount").GetDecimal(), Assert.Single(Gateway.RefundsOf(chargeKey)).Amount);

        // PostgreSQL follows through the outbox, and the order reads the same from there.
        await Eventually.HoldsAsync(async () => (await TicketRowsAsync(orderId)).All(row => row.Status == "refunded")
            && (await TicketRowsAsync(orderId)).Count == 2, because: "the outbox writer records the refund");
        var read = await api.GetAsync($"/api/v1/orders/{orderId}", buyer);
        Assert.Equal("refunded", read.String("status"));

        // The seat sells again.
        await BuyAsync(eventId, api.NewUser(), "FLOOR-A-1");
    }

    [Fact]
    public async Task APartialCancellationRefundsOnlyTheNamedTickets()
    {
        var eventId = await CreateRefundableEventAsync();
        var buyer = api.NewUser();
        var (order, chargeKey) = await BuyAsync(eventId, buyer, "FLOOR-A-3", "BALCONY-A-3");
        var balcony = TicketIdOf(order, "BALCONY-A-3");

        var cancelled = await api.PostAsync($"/api/v1/orders/{order.String("order_id")}/cancel", new { ticket_ids = new[] { balcony } }, buyer);

        Assert.Equal(HttpStatusCode.OK, cancelled.Status);
        Assert.Equal("partially_refunded", cancelled.String("status"));
        Assert.Equal(new Dictionary<string, string> { ["FLOOR-A-3"] = "valid", ["BALCONY-A-3"] = "refunded" }, TicketStatusesOf(cancelled));
        var seats = await api.SeatStatusesAsync(eventId);
        Assert.Equal(("sold", "available"), (seats["FLOOR-A-3"], seats["BALCONY-A-3"]));
        Assert.Equal(FakePaymentGateway.ChargeStatus.PartiallyRefunded, Gateway.StatusOf(chargeKey));
        Assert.Equal(40.50m, Assert.Single(Gateway.RefundsOf(chargeKey)).Amount);
    }

    [Fact]
    public async Task ADoubleCancellationRefundsOnce()
    {
        var eventId = await CreateRefundableEventAsync();
        var buyer = api.NewUser();
        var (order, chargeKey) = await BuyAsync(eventId, buyer, "FLOOR-B-1", "FLOOR-B-2");
        var path = $"/api/v1/orders/{order.String("order_id")}/cancel";
        var ticket = new { ticket_ids = new[] { TicketIdOf(order, "FLOOR-B-1") } };

        var answers = await Task.WhenAll(api.PostAsync(path, ticket, buyer), api.PostAsync(path, ticket, buyer));
        var again = await api.PostAsync(path, ticket, buyer);

        Assert.All([.. answers, again], answer => Assert.Equal(HttpStatusCode.OK, answer.Status));
        Assert.Equal(answers[0].Body.GetRawText(), again.Body.GetRawText());
        Assert.Single(Gateway.RefundsOf(chargeKey));
        Assert.Equal(FakePaymentGateway.ChargeStatus.PartiallyRefunded, Gateway.StatusOf(chargeKey));

        var whole = await api.PostAsync(path, null, buyer);
        var wholeAgain = await api.PostAsync(path, null, buyer);
        Assert.Equal(("refunded", "refunded"), (whole.String("status"), wholeAgain.String("status")));
        Assert.Equal(2, Gateway.RefundsOf(chargeKey).Count);
        Assert.Equal(order.Body.GetProperty("total_amount").GetDecimal(), Gateway.RefundsOf(chargeKey).Sum(refund => refund.Amount));
    }

    [Fact]
    public async Task ABuyerCannotCancelAfterRefundUntilButAnAdminCan()
    {
        var eventId = await CreateRefundableEventAsync();
        var buyer = api.NewUser();
        var (order, chargeKey) = await BuyAsync(eventId, buyer, "FLOOR-A-5");
        var admin = api.NewUser(ApiClaims.AdminRole);
        // The organiser closes the refund window after the sale.
        var patched = await api.SendAsync(HttpMethod.Patch, $"/api/v1/events/{eventId}", admin, new { refund_until = DateTimeOffset.UtcNow.AddMinutes(-1) });
        Assert.Equal(HttpStatusCode.OK, patched.Status);
        var path = $"/api/v1/orders/{order.String("order_id")}/cancel";

        (await api.PostAsync(path, null, buyer)).AssertProblem(HttpStatusCode.Conflict, "refund_window_closed");
        Assert.Equal("sold", (await api.SeatStatusesAsync(eventId))["FLOOR-A-5"]);
        Assert.Empty(Gateway.RefundsOf(chargeKey));

        var byAdmin = await api.PostAsync(path, null, admin);
        Assert.Equal(HttpStatusCode.OK, byAdmin.Status);
        Assert.Equal("refunded", byAdmin.String("status"));
        Assert.Equal(FakePaymentGateway.ChargeStatus.Refunded, Gateway.StatusOf(chargeKey));
    }

    [Fact]
    public async Task AnEventWithoutARefundWindowTakesNoCancellationFromBuyers()
    {
        var eventId = await api.CreateEventAsync();
        var buyer = api.NewUser();
        var (order, _) = await BuyAsync(eventId, buyer, "FLOOR-A-6");

        (await api.PostAsync($"/api/v1/orders/{order.String("order_id")}/cancel", null, buyer)).AssertProblem(HttpStatusCode.Conflict, "refund_window_closed");
    }

    [Fact]
    public async Task BadCancellationsAnswerProblemsAndChangeNothing()
    {
        var eventId = await CreateRefundableEventAsync();
        var buyer = api.NewUser();
        var (order, chargeKey) = await BuyAsync(eventId, buyer, "FLOOR-A-7", "FLOOR-A-8");
        var (other, _) = await BuyAsync(eventId, api.NewUser(), "FLOOR-A-9");
        var path = $"/api/v1/orders/{order.String("order_id")}/cancel";

        (await api.PostAsync($"/api/v1/orders/{other.String("order_id")}/cancel", null, buyer)).AssertProblem(HttpStatusCode.NotFound, "order_not_found");
        (await api.PostAsync("/api/v1/orders/ord_nope/cancel", null, buyer)).AssertProblem(HttpStatusCode.NotFound, "order_not_found");
        (await api.PostAsync(path, null)).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await api.PostAsync(path, new { ticket_ids = Array.Empty<string>() }, buyer)).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        (await api.PostAsync(path, new { ticket_ids = new[] { "" } }, buyer)).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        (await api.PostAsync(path, new { ticket_ids = "tkt_1" }, buyer)).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        (await api.PostAsync(path, "{\"ticket_ids\": [", buyer)).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        var foreign = (await api.PostAsync(path, new { ticket_ids = new[] { TicketIdOf(other, "FLOOR-A-9") } }, buyer))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "ticket_not_in_order");
        Assert.Equal([TicketIdOf(other, "FLOOR-A-9")], foreign.Strings("ticket_ids"));
        Assert.Empty(Gateway.RefundsOf(chargeKey));

        await api.PostAsync(path, new { ticket_ids = new[] { TicketIdOf(order, "FLOOR-A-7") } }, buyer);
        (await api.PostAsync(path, new { ticket_ids = new[] { TicketIdOf(order, "FLOOR-A-7"), TicketIdOf(order, "FLOOR-A-8") } }, buyer))
            .AssertProblem(HttpStatusCode.Conflict, "ticket_already_refunded");
        Assert.Equal("sold", (await api.SeatStatusesAsync(eventId))["FLOOR-A-8"]);
    }

    [Fact]
    public async Task ARefundRacingNewHoldsOfItsSeatNeverLeavesTwoLiveTicketsForOneSeat()
    {
        var eventId = await CreateRefundableEventAsync();
        var admin = api.NewUser(ApiClaims.AdminRole);
        var seats = new[] { "FLOOR-B-3", "FLOOR-B-4", "FLOOR-B-5", "FLOOR-B-6" };
        var orders = new Dictionary<string, string>();
        foreach (var seat in seats)
        {
            orders[seat] = (await BuyAsync(eventId, api.NewUser(), seat)).Order.String("order_id");
        }

        for (var round = 0; round < 12; round++)
        {
            var seat = seats[round % seats.Length];
            var cancel = api.PostAsync($"/api/v1/orders/{orders[seat]}/cancel", null, admin);
            var buys = Enumerable.Range(0, 3).Select(_ => TryBuyAsync(eventId, api.NewUser(), seat)).ToList();
            await Task.WhenAll([cancel, .. buys.Cast<Task>()]);

            Assert.Equal(HttpStatusCode.OK, (await cancel).Status);
            var won = buys.Select(buy => buy.Result).OfType<ApiResponse>().ToList();
            Assert.True(won.Count <= 1, $"round {round}: {won.Count} orders for {seat}");
            // Nobody caught the seat this round (every hold came before the refund): buy it now, so
            // the next round of this seat has an order to refund.
            orders[seat] = (won.Count == 1 ? won[0] : (await BuyAsync(eventId, api.NewUser(), seat)).Order).String("order_id");
        }

        // Redis: every seat sold once; PostgreSQL, once the outbox is written: one active ticket per seat.
        var statuses = await api.SeatStatusesAsync(eventId);
        Assert.All(seats, seat => Assert.Equal("sold", statuses[seat]));
        var (active, all) = (0L, 0L);
        await Eventually.HoldsAsync(async () =>
        {
            (active, all) = (await ActiveTicketsAsync(eventId), await CountAsync($"SELECT count(*) FROM tickets WHERE event_id = '{Guid.Parse(eventId)}'"));
            return active == seats.Length && all == seats.Length + 12;
        }, null, () => $"the outbox writer records every sale and refund: {active} active tickets of {all}");
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM alarms"));
    }

    private async Task<ApiResponse?> TryBuyAsync(string eventId, TestUser user, string seat)
    {
        var hold = await api.HoldAsync(eventId, user, seat);
        if (hold.Status != HttpStatusCode.Created)
        {
            hold.AssertProblem(HttpStatusCode.Conflict, "seat_unavailable");
            return null;
        }

        var order = await api.PostAsync($"/api/v1/reservations/{hold.String("reservation_id")}/commit",
            new { payment_token = "tok_visa", idempotency_key = "k" }, user);
        Assert.Equal(HttpStatusCode.OK, order.Status);
        return order;
    }

    [Fact]
    public async Task CancellingAnEventRefundsEveryOrder()
    {
        var eventId = await CreateRefundableEventAsync();
        var bought = new List<(ApiResponse Order, string ChargeKey)>();
        foreach (var seat in new[] { "FLOOR-A-1", "FLOOR-A-2", "BALCONY-A-1" })
        {
            bought.Add(await BuyAsync(eventId, api.NewUser(), seat));
        }

        var admin = api.NewUser(ApiClaims.AdminRole);
        var partial = bought[2].Order;
        await api.PostAsync($"/api/v1/orders/{partial.String("order_id")}/cancel", null, admin);

        var cancelled = await api.SendAsync(HttpMethod.Patch, $"/api/v1/events/{eventId}", admin, new { status = "cancelled" });
        Assert.Equal(HttpStatusCode.OK, cancelled.Status);

        await Eventually.HoldsAsync(() => Task.FromResult(bought.All(b => Gateway.StatusOf(b.ChargeKey) == FakePaymentGateway.ChargeStatus.Refunded)),
            because: "the cancellation job refunds every order");
        Assert.All(bought, b => Assert.Single(Gateway.RefundsOf(b.ChargeKey)));
        var seats = await api.SeatStatusesAsync(eventId);
        Assert.All(seats.Values, status => Assert.Equal("available", status));
        foreach (var (order, _) in bought)
        {
            Assert.Equal("refunded", (await api.GetAsync($"/api/v1/orders/{order.String("order_id")}", admin)).String("status"));
        }

        await Eventually.HoldsAsync(async () => await ActiveTicketsAsync(eventId) == 0, because: "the outbox writer records the refunds");
    }

    private async Task<string> CreateRefundableEventAsync()
    {
        var body = TestLayouts.Small();
        body["refund_until"] = DateTimeOffset.UtcNow.AddDays(30).ToString("O");
        return await api.CreateEventAsync(body);
    }

    private async Task<(ApiResponse Order, string ChargeKey)> BuyAsync(string eventId, TestUser user, params string[] seats)
    {
        var hold = await api.HoldAsync(eventId, user, seats);
        Assert.True(hold.Status == HttpStatusCode.Created, $"{hold.Status}: {hold.Body}");
        var key = $"pay-{Guid.NewGuid():N}";
        var holdId = hold.String("reservation_id");
        var order = await api.PostAsync($"/api/v1/reservations/{holdId}/commit", new { payment_token = "tok_visa", idempotency_key = key }, user);
        Assert.True(order.Status == HttpStatusCode.OK, $"{order.Status}: {order.Body}");
        return (order, $"{holdId}:{key}");
    }

    private static string TicketIdOf(ApiResponse order, string seat) =>
        order.Body.GetProperty("tickets").EnumerateArray().Single(t => t.GetProperty("seat_id").GetString() == seat).GetProperty("ticket_id").GetString()!;

    private static Dictionary<string, string> TicketStatusesOf(ApiResponse order) =>
        order.Body.GetProperty("tickets").EnumerateArray().ToDictionary(t => t.GetProperty("seat_id").GetString()!, t => t.GetProperty("status").GetString()!);

    private Task<long> ActiveTicketsAsync(string eventId) =>
        CountAsync($"SELECT count(*) FROM tickets WHERE event_id = '{Guid.Parse(eventId)}' AND status = 'active'");

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await api.Server.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<(string SeatId, string Status)>> TicketRowsAsync(string orderId)
    {
        await using var connection = await api.Server.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT seat_id, status FROM tickets WHERE order_id = @id ORDER BY seat_id", connection);
        command.Parameters.AddWithValue("id", orderId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }
}
