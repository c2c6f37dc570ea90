using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Ticketing.Api.Auth;
using Ticketing.Api.Tests.Support;
using Ticketing.Api.Tickets;
using Ticketing.Scripts;
using Ticketing.Scripts.Repair;
using Ticketing.TestSupport;
using ZXing;
using ZXing.Common;

namespace Ticketing.Api.Tests.Tickets;

public sealed class CheckInTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task EveryTicketOfAnOrderCarriesANumberAStatusAndASignedPayload()
    {
        var (eventId, buyer, order) = await BuyAsync("FLOOR-A-1", "FLOOR-A-2");

        var read = await api.GetAsync($"/api/v1/orders/{order.String("order_id")}", buyer);
        var tickets = read.Body.GetProperty("tickets").EnumerateArray().ToList();
        Assert.Equal(2, tickets.Count);
        foreach (var ticket in tickets)
        {
            Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$", ticket.GetProperty("number").GetString());
            Assert.Equal("valid", ticket.GetProperty("status").GetString());
            Assert.False(ticket.TryGetProperty("checked_in_at", out _), "no ticket of a new order has been checked in");
            var named = Payloads.Verify(ticket.GetProperty("qr_payload").GetString());
            Assert.NotNull(named);
            Assert.Equal((eventId, ticket.GetProperty("ticket_id").GetString(), order.String("order_id"), ticket.GetProperty("seat_id").GetString()),
                (named.EventId, named.TicketId, named.OrderId, named.SeatId));
        }

        var listed = (await api.GetAsync("/api/v1/me/orders", buyer)).Body.GetProperty("data")[0].GetProperty("tickets");
        Assert.Equal(tickets.Select(t => t.GetProperty("qr_payload").GetString()), listed.EnumerateArray().Select(t => t.GetProperty("qr_payload").GetString()));
        Assert.Equal(tickets.Select(t => t.GetProperty("number").GetString()),
            order.Body.GetProperty("tickets").EnumerateArray().Select(t => t.GetProperty("number").GetString()));
    }

    [Fact]
    public async Task TheFirstScanAdmitsAndEveryLaterScanAnswersWhen()
    {
        var (eventId, buyer, order) = await BuyAsync("FLOOR-A-1");
        var ticket = order.Body.GetProperty("tickets")[0];
        var staff = api.NewUser(ApiClaims.StaffRole);

        var first = await api.PostAsync($"/api/v1/events/{eventId}/checkins", new { payload = ticket.GetProperty("qr_payload").GetString() }, staff);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(ticket.GetProperty("ticket_id").GetString(), first.String("ticket_id"));
        Assert.Equal("FLOOR-A-1", first.String("seat_id"));
        Assert.Equal(order.String("order_id"), first.String("order_id"));
        Assert.Equal(buyer.Id, first.String("holder"));
        var admittedAt = first.Body.GetProperty("checked_in_at").GetDateTimeOffset();

        var again = await api.PostAsync($"/api/v1/events/{eventId}/checkins", new { payload = ticket.GetProperty("qr_payload").GetString() }, api.NewUser(ApiClaims.AdminRole));
        again.AssertProblem(HttpStatusCode.Conflict, "already_checked_in");
        Assert.Equal(admittedAt, again.Body.GetProperty("checked_in_at").GetDateTimeOffset());

        var read = await api.GetAsync($"/api/v1/orders/{order.String("order_id")}", buyer);
        Assert.Equal(admittedAt, read.Body.GetProperty("tickets")[0].GetProperty("checked_in_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task ACheckInReachesPostgresThroughTheOutbox()
    {
        var (eventId, buyer, order) = await BuyAsync("FLOOR-A-3");
        var ticketId = order.Body.GetProperty("tickets")[0].GetProperty("ticket_id").GetString();
        var staff = api.NewUser(ApiClaims.StaffRole);
        var admitted = await api.PostAsync($"/api/v1/events/{eventId}/checkins",
            new { payload = order.Body.GetProperty("tickets")[0].GetProperty("qr_payload").GetString() }, staff);
        Assert.Equal(HttpStatusCode.OK, admitted.Status);

        var postgres = api.Server.Services.GetRequiredService<NpgsqlDataSource>();
        await Eventually.HoldsAsync(async () =>
        {
            await using var command = postgres.CreateCommand("SELECT holder, scanned_by, checked_in_at FROM ticket_checkins WHERE ticket_id = $1");
            command.Parameters.AddWithValue(ticketId!);
            await using var reader = await command.ExecuteReaderAsync();
            return await reader.ReadAsync()
                && (reader.GetString(0), reader.GetString(1), new DateTimeOffset(reader.GetDateTime(2), TimeSpan.Zero))
                    == (buyer.Id, staff.Id, admitted.Body.GetProperty("checked_in_at").GetDateTimeOffset());
        }, because: "the outbox writer records the check-in in PostgreSQL");
    }

    [Fact]
    public async Task AHundredConcurrentScansOfOneTicketAdmitItExactlyOnce()
    {
        var (eventId, _, order) = await BuyAsync("FLOOR-A-1");
        var payload = order.Body.GetProperty("tickets")[0].GetProperty("qr_payload").GetString();
        var gates = Enumerable.Range(0, 4).Select(_ => api.NewUser(ApiClaims.StaffRole)).ToList();

        var scans = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            api.PostAsync($"/api/v1/events/{eventId}/checkins", new { payload }, gates[i % gates.Count])));

        Assert.Single(scans, scan => scan.Status == HttpStatusCode.OK);
        var admittedAt = scans.Single(scan => scan.Status == HttpStatusCode.OK).Body.GetProperty("checked_in_at").GetDateTimeOffset();
        foreach (var refused in scans.Where(scan => scan.Status != HttpStatusCode.OK))
        {
            refused.AssertProblem(HttpStatusCode.Conflict, "already_checked_in");
            Assert.Equal(admittedAt, refused.Body.GetProperty("checked_in_at").GetDateTimeOffset());
        }
    }

    [Fact]
    public async Task TheQrImageDecodesToAPayloadTheGateAdmits()
    {
        var (eventId, buyer, order) = await BuyAsync("BALCONY-A-1");
        var ticket = order.Body.GetProperty("tickets")[0];

        using var request = new HttpRequestMessage(HttpMethod.Get,
            new Uri($"/api/v1/orders/{order.String("order_id")}/tickets/{ticket.GetProperty("ticket_id").GetString()}/qr", UriKind.Relative));
        request.Headers.Authorization = new("Bearer", buyer.Token);
        using var response = await api.Server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl is { Private: true, MaxAge: not null }, $"{response.Headers.CacheControl}");

        var (pixels, width, height) = PngGray.Decode(await response.Content.ReadAsByteArrayAsync());
        // The image is the code alone, exactly as rendered, which is what ZXing's PureBarcode hint is
        // for. Its finder-pattern search is meant for camera frames: on perfectly sharp images it
        // takes a finder-like run in the data for a corner in 2-3 % of payloads (of 1,200 random
        // ticket-sized payloads, 30 failed without the hint, at every scale and error-correction
        // level, and none with it; zbar read every failed one tried), so this test failed now and then.
        var reader = new BarcodeReaderGeneric { Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], PureBarcode = true } };
        var read = reader.Decode(new RGBLuminanceSource(pixels, width, height, RGBLuminanceSource.BitmapFormat.Gray8));
        Assert.NotNull(read);
        Assert.Equal(ticket.GetProperty("qr_payload").GetString(), read.Text);

        var admitted = await api.PostAsync($"/api/v1/events/{eventId}/checkins", new { payload = read.Text }, api.NewUser(ApiClaims.StaffRole));
        Assert.Equal(HttpStatusCode.OK, admitted.Status);
        Assert.Equal("BALCONY-A-1", admitted.String("seat_id"));
    }

    [Fact]
    public async Task AnotherBuyersTicketImageAnswers404()
    {
        var (_, _, order) = await BuyAsync("FLOOR-A-1");
        var ticketId = order.Body.GetProperty("tickets")[0].GetProperty("ticket_id").GetString();

        (await api.GetAsync($"/api/v1/orders/{order.String("order_id")}/tickets/{ticketId}/qr", api.NewUser())).AssertProblem(HttpStatusCode.NotFound, "not_found");
        (await api.GetAsync($"/api/v1/orders/{order.String("order_id")}/tickets/tkt_nope/qr", api.NewUser(ApiClaims.AdminRole)))
            .AssertProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task ForgedTamperedAndForeignPayloadsAreRefused()
    {
        var (eventId, _, order) = await BuyAsync("FLOOR-A-1");
        var other = await BuyAsync("FLOOR-A-1");
        var payload = order.Body.GetProperty("tickets")[0].GetProperty("qr_payload").GetString()!;
        var parts = payload.Split('.');
        var named = Payloads.Verify(payload)!;
        var staff = api.NewUser(ApiClaims.StaffRole);

        var foreignKey = new TicketPayloads(
            Options.Create(new TicketSigningOptions { SigningKeys = { ["k2"] = new string('x', 40) }, CurrentKeyId = "k2" }), Options.Create(new AuthOptions()));
        string[] invalid =
        [
            "garbage",
            "TK1.auth.???.!!!",
            string.Join('.', parts[0], parts[1], parts[2], parts[3][..^2] + (parts[3][^2..] == "AA" ? "BB" : "AA")),
            // Another seat under the original signature.
            string.Join('.', parts[0], parts[1], System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(
                $"{named.TicketId}\n{named.OrderId}\n{named.EventId}\nFLOOR-A-2")), parts[3]),
            // Signed with a key the service does not hold, or naming a key it does not know.
            foreignKey.Sign(named),
            string.Join('.', parts[0], "k9", parts[2], parts[3]),
            payload + ".",
        ];
        foreach (var forged in invalid)
        {
            (await api.PostAsync($"/api/v1/events/{eventId}/checkins", new { payload = forged }, staff)).AssertProblem(HttpStatusCode.UnprocessableEntity, "invalid_ticket");
        }

        var otherPayload = other.Order.Body.GetProperty("tickets")[0].GetProperty("qr_payload").GetString();
        (await api.PostAsync($"/api/v1/events/{eventId}/checkins", new { payload = otherPayload }, staff)).AssertProblem(HttpStatusCode.UnprocessableEntity, "wrong_event");
        (await api.PostAsync($"/api/v1/events/{eventId}/checkins", new { payload = "" }, staff)).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");

        // None of it admitted the real ticket.
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/events/{eventId}/checkins", new { payload }, staff)).Status);
    }

    [Fact]
    public async Task ATicketWhoseSeatWentBackToSaleIsRefunded()
    {
        var (eventId, _, order) = await BuyAsync("FLOOR-A-1");
        var payload = order.Body.GetProperty("tickets")[0].GetProperty("qr_payload").GetString();
        await api.Server.Services.GetRequiredService<IInventoryMaintenance>().RepairSeatsAsync(eventId, [new SeatRepair("FLOOR-A-1", null, null)]);

        (await api.PostAsync($"/api/v1/events/{eventId}/checkins", new { payload }, api.NewUser(ApiClaims.StaffRole)))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "ticket_refunded");
    }

    [Fact]
    public async Task OnlyStaffAndAdminsCheckTicketsIn()
    {
        var (eventId, buyer, order) = await BuyAsync("FLOOR-A-1");
        var body = new { payload = order.Body.GetProperty("tickets")[0].GetProperty("qr_payload").GetString() };

        (await api.PostAsync($"/api/v1/events/{eventId}/checkins", body, buyer)).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        (await api.PostAsync($"/api/v1/events/{eventId}/checkins", body)).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        var minted = await api.PostAsync("/api/v1/auth/dev-token", new { user_id = "gate-7", role = ApiClaims.StaffRole });
        Assert.Equal(HttpStatusCode.OK, minted.Status);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/events/{eventId}/checkins", body, new TestUser("gate-7", minted.String("access_token")))).Status);
    }

    private TicketPayloads Payloads => api.Server.Services.GetRequiredService<TicketPayloads>();

    private async Task<(string EventId, TestUser Buyer, ApiResponse Order)> BuyAsync(params string[] seats)
    {
        var eventId = await api.CreateEventAsync();
        var buyer = api.NewUser();
        var hold = await api.HoldAsync(eventId, buyer, seats);
        var order = await api.PostAsync($"/api/v1/reservations/{hold.String("reservation_id")}/commit", new { payment_token = "tok_visa", idempotency_key = "k1" }, buyer);
        Assert.Equal(HttpStatusCode.OK, order.Status);
        return (eventId, buyer, order);
    }
}
