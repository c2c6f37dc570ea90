using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Ticketing.Api.Tests.Support;
using Ticketing.Reconciler.WaitingRoom;
using Ticketing.TestSupport;

namespace Ticketing.Api.Tests.WaitingRoom;

/// <summary>A fan in a real browser: the waiting room's page, the admission, the seat map, a held seat.</summary>
public sealed class FanPageTests(ApiFixture api, Chromium chromium) : IClassFixture<ApiFixture>, IClassFixture<Chromium>
{
    [Fact]
    public async Task AFanWaitsIsAdmittedAndHoldsASeat()
    {
        var eventId = await api.CreateEventAsync(TestLayouts.Small(title: $"Queue Night {Guid.NewGuid():N}"[..20]));
        await api.ConfigureRoomAsync(eventId, new { enabled = true, admit_per_second = 10 });
        await Eventually.HoldsAsync(async () => (await api.GetAsync($"/api/v1/events/{eventId}/queue/status")).Status == System.Net.HttpStatusCode.OK);
        var page = await chromium.NewVisitorAsync(api.Server.BaseAddress);

        await page.GotoAsync($"/queue.html?event={eventId}");
        await Assertions.Expect(page.Locator("#position")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#headline")).ToContainTextAsync("in the queue");

        // The admission job's tick, as Hangfire would run it every second (schedules are off in tests).
        var loop = api.Server.Services.GetRequiredService<AdmissionLoop>();
        await Eventually.HoldsAsync(async () => (await loop.TickAsync(CancellationToken.None)).Any(tick => tick.EventId == eventId && tick.Admitted == 1));

        await page.WaitForURLAsync($"**/?event={eventId}");
        await Assertions.Expect(page.Locator("[data-seat='FLOOR-A-3']")).ToHaveClassAsync("seat available");
        await page.ClickAsync("[data-seat='FLOOR-A-3']");
        await page.ClickAsync("#hold");

        await Assertions.Expect(page.Locator("#reservation")).ToBeVisibleAsync();
        Assert.Equal("held", (await api.SeatStatusesAsync(eventId))["FLOOR-A-3"]);
    }
}
