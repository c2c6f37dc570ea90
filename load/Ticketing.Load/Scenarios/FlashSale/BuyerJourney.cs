using System.Net;
using Ticketing.Load.Api;

namespace Ticketing.Load.Scenarios.FlashSale;

/// <summary>
/// What one admitted fan does, once, sending its admission token with every hold: reads the seat
/// map when its browser's view is stale (as the seat-map page does: the layout once, which a
/// browser would cache, then the compact status), holds 1..MAX_SEATS seats (picked or best available, other
/// seats after a 409), and pays, is declined and releases, or abandons the hold. The buying half of
/// an iteration of load/k6/flash-sale.js; <see cref="FanJourney"/> is the waiting before it.
/// </summary>
public sealed class BuyerJourney(
    TicketingClient client,
    FlashSaleOptions options,
    string eventId,
    SaleWatch sale,
    SaleTally tally)
{
    // The layout does not change during a sale: read once and shared, like a cached response.
    private Task<SeatLayout?>? _layout;

    public async Task RunAsync(BrowserSlot browser, string token, string admissionToken, CancellationToken stop)
    {
        var profile = BuyerProfile.Draw(browser.Random, options.Mix);
        var hold = profile.BestAvailable
            ? await HoldBestAvailableAsync(token, admissionToken, profile.Quantity, stop)
            : await HoldExplicitSeatsAsync(browser, token, admissionToken, profile.Quantity, stop);
        if (hold is null)
        {
            return;
        }

        switch (profile.Payment)
        {
            case PaymentPlan.Pay:
                var order = await client.CommitAsync(token, hold.ReservationId, new CommitRequest(PaymentTokens.Visa, $"pay-{hold.ReservationId}"), stop);
                if (order is { Status: HttpStatusCode.OK, Body: { } body })
                {
                    tally.Confirm(body);
                }

                break;
            case PaymentPlan.Decline:
                var declined = await client.CommitAsync(token, hold.ReservationId, new CommitRequest(PaymentTokens.Declined, $"pay-{hold.ReservationId}"), stop);
                if (declined.Is(HttpStatusCode.PaymentRequired))
                {
                    await client.ReleaseAsync(token, hold.ReservationId, stop);
                }

                break;
            case PaymentPlan.Abandon:
                break;
        }
    }

    private async Task<ReservationResponse?> HoldBestAvailableAsync(string token, string admissionToken, int quantity, CancellationToken stop)
    {
        // Near the end only a few scattered seats remain: a buyer settles for fewer, as people do.
        for (var attempt = 0; attempt <= options.MaxRetries && quantity > 0; attempt++)
        {
            var request = new HoldRequest(Guid.NewGuid().ToString(), null, new BestAvailableRequest(quantity, null, false), options.HoldTtlSeconds);
            var answer = await client.HoldAsync(token, eventId, request, stop, admissionToken: admissionToken);
            if (answer.Body is not null)
            {
                return answer.Body;
            }

            if (!answer.Is(HttpStatusCode.Conflict))
            {
                return null;
            }

            quantity--;
        }

        await sale.NoSeatsFoundAsync(stop);
        return null;
    }

    private async Task<ReservationResponse?> HoldExplicitSeatsAsync(BrowserSlot browser, string token, string admissionToken, int quantity, CancellationToken stop)
    {
        for (var attempt = 0; attempt <= options.MaxRetries; attempt++)
        {
            if (browser.SeatMap is not { AvailableSeats: > 0 } && !await RefreshSeatMapAsync(browser, stop))
            {
                // A fresh map shows no free seat: the sale is over, or every seat is held for now.
                await sale.NoSeatsFoundAsync(stop);
                return null;
            }

            var seatMap = browser.SeatMap!;
            var seats = seatMap.Pick(quantity, browser.Random);
            var request = new HoldRequest(Guid.NewGuid().ToString(), seats, null, options.HoldTtlSeconds);
            var answer = await client.HoldAsync(token, eventId, request, stop, admissionToken: admissionToken);
            if (answer.Body is not null)
            {
                seatMap.MarkTaken(seats);
                return answer.Body;
            }

            if (!answer.Is(HttpStatusCode.Conflict))
            {
                return null;
            }

            // Retry with other seats: strike out what the service named (all we tried, if it named none).
            seatMap.MarkTaken(answer.Problem?.UnavailableSeats is { Count: > 0 } named ? named : seats);
        }

        // Out of retries: this map is too stale to be worth picking from again.
        browser.SeatMap = null;
        return null;
    }

    private async Task<bool> RefreshSeatMapAsync(BrowserSlot browser, CancellationToken stop)
    {
        if (await LayoutAsync(stop) is not { } layout)
        {
            return false;
        }

        var answer = await client.GetSeatStatusAsync(eventId, body => LocalSeatMap.Parse(layout, body), stop);
        browser.SeatMap = answer.Body;
        return browser.SeatMap is { AvailableSeats: > 0 };
    }

    private async Task<SeatLayout?> LayoutAsync(CancellationToken stop)
    {
        var read = _layout ??= ReadLayoutAsync(stop);
        var layout = await read;
        if (layout is null)
        {
            // A failed read is not kept: the next buyer asks again.
            _ = Interlocked.CompareExchange(ref _layout, null, read);
        }

        return layout;
    }

    private async Task<SeatLayout?> ReadLayoutAsync(CancellationToken stop) =>
        (await client.GetLayoutAsync(eventId, SeatLayout.Parse, stop)).Body;
}
