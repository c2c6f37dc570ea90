using Microsoft.Playwright;
using Ticketing.Api.Auth;
using Ticketing.Api.Tests.Support;

namespace Ticketing.Api.Tests.Pages;

/// <summary>The seat-map page and the ops dashboard, in a real browser against the real service.</summary>
public sealed class PageTests(ApiFixture api, Chromium chromium) : IClassFixture<ApiFixture>, IClassFixture<Chromium>
{
    [Fact]
    public async Task ABuyerPicksSeatsOnTheMapHoldsThemAndPays()
    {
        var eventId = await api.CreateEventAsync(TestLayouts.Small(title: $"Page Night {Guid.NewGuid():N}"[..20]));
        var page = await chromium.NewVisitorAsync(api.Server.BaseAddress);

        await page.GotoAsync($"/?event={eventId}");
        await Assertions.Expect(page.Locator("button.seat.available")).ToHaveCountAsync(30);

        await page.ClickAsync("[data-seat='FLOOR-A-1']");
        await page.ClickAsync("[data-seat='FLOOR-A-2']");
        await Assertions.Expect(page.Locator("#selection")).ToContainTextAsync("2 seats");
        await page.ClickAsync("#hold");

        await Assertions.Expect(page.Locator("#reservation")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#reservation-summary")).ToContainTextAsync("200");
        var held = await api.SeatStatusesAsync(eventId);
        Assert.Equal("held", held["FLOOR-A-1"]);
        Assert.Equal("held", held["FLOOR-A-2"]);

        await page.SelectOptionAsync("#token", "tok_visa");
        await page.ClickAsync("#pay");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("confirmed");

        var sold = await api.SeatStatusesAsync(eventId);
        Assert.Equal("sold", sold["FLOOR-A-1"]);
        Assert.Equal("sold", sold["FLOOR-A-2"]);
        await Assertions.Expect(page.Locator("[data-seat='FLOOR-A-1']")).ToHaveClassAsync("seat sold");
    }

    [Fact]
    public async Task TheMapShowsSeatsThatAnotherBuyerHoldsWithoutAReload()
    {
        var eventId = await api.CreateEventAsync(TestLayouts.Small(title: $"Live Night {Guid.NewGuid():N}"[..20]));
        var page = await chromium.NewVisitorAsync(api.Server.BaseAddress);
        await page.GotoAsync($"/?event={eventId}");
        await Assertions.Expect(page.Locator("[data-seat='BALCONY-A-5']")).ToHaveClassAsync("seat available");

        var someoneElse = api.NewUser();
        var hold = await api.HoldAsync(eventId, someoneElse, "BALCONY-A-5");
        Assert.Equal(System.Net.HttpStatusCode.Created, hold.Status);

        await Assertions.Expect(page.Locator("[data-seat='BALCONY-A-5']")).ToHaveClassAsync("seat held");
        await page.ClickAsync("[data-seat='BALCONY-A-5']");
        await Assertions.Expect(page.Locator("#hold")).ToBeDisabledAsync();
    }

    [Fact]
    public async Task TheOpsDashboardShowsLiveCountersToAnAdminAndRefusesACustomer()
    {
        var title = $"Ops Night {Guid.NewGuid():N}"[..20];
        var eventId = await api.CreateEventAsync(TestLayouts.Small(title: title));
        var buyer = api.NewUser();
        Assert.Equal(System.Net.HttpStatusCode.Created, (await api.HoldAsync(eventId, buyer, "FLOOR-B-1", "FLOOR-B-2")).Status);

        var customer = await chromium.NewVisitorAsync(api.Server.BaseAddress);
        await customer.GotoAsync($"/ops#token={buyer.Token}");
        await Assertions.Expect(customer.Locator("#sign-in")).ToBeVisibleAsync();
        await Assertions.Expect(customer.Locator("#message")).ToContainTextAsync("not an admin token");

        var admin = await chromium.NewVisitorAsync(api.Server.BaseAddress);
        await admin.GotoAsync($"/ops#token={api.NewUser(ApiClaims.AdminRole).Token}");
        var row = admin.Locator("#events tr", new PageLocatorOptions { HasText = title });
        await Assertions.Expect(row).ToBeVisibleAsync();
        // Sale status, available, held, sold, blocked, total of the 30-seat event after one 2-seat hold.
        await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("on sale");
        await Assertions.Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("28");
        await Assertions.Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("2");
        await Assertions.Expect(row.Locator("td").Nth(5)).ToHaveTextAsync("0");
        await Assertions.Expect(row.Locator("td").Nth(6)).ToHaveTextAsync("30");

        await admin.ClickAsync("#reconcile");
        await Assertions.Expect(admin.Locator("#message")).ToContainTextAsync("event(s) checked");
    }
}
