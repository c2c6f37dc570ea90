using System.Net;
using Microsoft.Playwright;
using Ticketing.Api.Auth;
using Ticketing.Api.Tests.Support;

namespace Ticketing.Api.Tests.Pages;

/// <summary>The buyer's tickets page, in a real browser against the real service.</summary>
public sealed class OrdersPageTests(ApiFixture api, Chromium chromium) : IClassFixture<ApiFixture>, IClassFixture<Chromium>
{
    [Fact]
    public async Task ABuyerSeesEachTicketsNumberStatusAndQrCodeAndTheCheckInOnceScanned()
    {
        var eventId = await api.CreateEventAsync();
        var buyer = api.NewUser();
        var hold = await api.HoldAsync(eventId, buyer, "FLOOR-A-1", "FLOOR-A-2");
        var order = await api.PostAsync($"/api/v1/reservations/{hold.String("reservation_id")}/commit", new { payment_token = "tok_visa", idempotency_key = "k1" }, buyer);
        Assert.Equal(HttpStatusCode.OK, order.Status);
        var tickets = order.Body.GetProperty("tickets").EnumerateArray().ToList();

        var page = await chromium.NewVisitorAsync(api.Server.BaseAddress);
        await page.GotoAsync($"/orders#token={buyer.Token}");

        foreach (var ticket in tickets)
        {
            var row = page.Locator($"tr[data-ticket='{ticket.GetProperty("ticket_id").GetString()}']");
            await Assertions.Expect(row.Locator("td").Nth(0)).ToHaveTextAsync(ticket.GetProperty("number").GetString()!);
            await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync(ticket.GetProperty("seat_id").GetString()!);
            await Assertions.Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("valid");
            // The QR image is loaded (a decoded PNG has a size), not a broken image.
            await Assertions.Expect(row.Locator("img.qr")).ToHaveJSPropertyAsync("complete", true);
            Assert.True(await row.Locator("img.qr").EvaluateAsync<int>("img => img.naturalWidth") > 100, "the QR image loaded");
        }

        var admitted = await api.PostAsync($"/api/v1/events/{eventId}/checkins", new { payload = tickets[0].GetProperty("qr_payload").GetString() },
            api.NewUser(ApiClaims.StaffRole));
        Assert.Equal(HttpStatusCode.OK, admitted.Status);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator($"tr[data-ticket='{tickets[0].GetProperty("ticket_id").GetString()}'] td").Nth(2)).ToContainTextAsync("checked in");
        await Assertions.Expect(page.Locator($"tr[data-ticket='{tickets[1].GetProperty("ticket_id").GetString()}'] td").Nth(2)).ToHaveTextAsync("valid");
    }

    [Fact]
    public async Task ABuyerCancelsFromTheTicketsPageAndTheSeatTurnsAvailableOnAnotherBuyersMap()
    {
        var body = TestLayouts.Small(title: $"Refund Night {Guid.NewGuid():N}"[..22]);
        body["refund_until"] = DateTimeOffset.UtcNow.AddDays(30).ToString("O");
        var eventId = await api.CreateEventAsync(body);
        var buyer = api.NewUser();
        var hold = await api.HoldAsync(eventId, buyer, "FLOOR-A-5");
        var order = await api.PostAsync($"/api/v1/reservations/{hold.String("reservation_id")}/commit", new { payment_token = "tok_visa", idempotency_key = "k1" }, buyer);
        Assert.Equal(HttpStatusCode.OK, order.Status);
        var ticketId = order.Body.GetProperty("tickets")[0].GetProperty("ticket_id").GetString();

        var otherBuyer = await chromium.NewVisitorAsync(api.Server.BaseAddress);
        await otherBuyer.GotoAsync($"/?event={eventId}");
        await Assertions.Expect(otherBuyer.Locator("#live")).ToContainTextAsync("live");
        await Assertions.Expect(otherBuyer.Locator("[data-seat='FLOOR-A-5']")).ToHaveClassAsync("seat sold");

        var page = await chromium.NewVisitorAsync(api.Server.BaseAddress);
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GotoAsync($"/orders#token={buyer.Token}");
        var row = page.Locator($"tr[data-ticket='{ticketId}']");
        await Assertions.Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("valid", new() { Timeout = 15_000 });
        await Assertions.Expect(row.Locator("img.qr")).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await row.Locator("img.qr").EvaluateAsync<int>("img => img.naturalWidth") > 100, "the QR image loaded");

        await page.Locator("button.cancel").ClickAsync();

        // Slow machines: the refund runs the script and the gateway before the page reloads the orders.
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("is cancelled", new() { Timeout = 15_000 });
        await Assertions.Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("refunded");
        await Assertions.Expect(page.Locator("button.cancel")).ToHaveCountAsync(0);
        await Assertions.Expect(otherBuyer.Locator("[data-seat='FLOOR-A-5']")).ToHaveClassAsync("seat available");
        Assert.Equal(HttpStatusCode.Created, (await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-5")).Status);
    }

    [Fact]
    public async Task AVisitorWithoutATokenIsToldToSignIn()
    {
        var page = await chromium.NewVisitorAsync(api.Server.BaseAddress);
        await page.GotoAsync("/orders");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("Sign in");
    }
}
