using System.Collections.Concurrent;
using System.Net;
using Ticketing.Load.Api;

namespace Ticketing.Load.Scenarios.FlashSale;

/// <summary>
/// One virtual user of the flash sale. Each iteration is a new buyer with its own dev token: it
/// reads the seat map (first time, or after its view went stale), holds 1..MAX_SEATS seats, and
/// pays, is declined and releases, or abandons the hold. The same journey as load/k6/flash-sale.js.
/// </summary>
public sealed class Buyer(
    TicketingClient client,
    FlashSaleOptions options,
    SaleWatch sale,
    ConcurrentBag<string> confirmedOrders,
    int virtualUser)
{
    private readonly Random _random = options.Seed is { } seed ? new Random(seed + virtualUser) : new Random();
    private LocalSeatMap? _seatMap;
    private int _iteration;

    public async Task RunUntilStoppedAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await BuyOnceAsync(stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The sale sold out or the duration ran out: a call in flight is simply not counted.
        }
    }

    private async Task BuyOnceAsync(CancellationToken stop)
    {
        var iteration = _iteration++;
        var profile = BuyerProfile.Draw(_random, options.Mix);
        var login = await client.DevTokenAsync($"fs-{options.RunId}-{virtualUser}-{iteration}", "customer", stop);
        if (login.Body is null)
        {
            return;
        }

        var token = login.Body.AccessToken;
        var hold = profile.BestAvailable
            ? await HoldBestAvailableAsync(token, profile.Quantity, stop)
            : await HoldExplicitSeatsAsync(token, profile.Quantity, stop);
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
                    confirmedOrders.Add(body.OrderId);
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

    private async Task<ReservationResponse?> HoldBestAvailableAsync(string token, int quantity, CancellationToken stop)
    {
        // Near the end only a few scattered seats remain: a buyer settles for fewer, as people do.
        for (var attempt = 0; attempt <= options.MaxRetries && quantity > 0; attempt++)
        {
            var request = new HoldRequest(Guid.NewGuid().ToString(), null, new BestAvailableRequest(quantity, null, false), options.HoldTtlSeconds);
            var answer = await client.HoldAsync(token, options.EventId, request, stop);
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

    private async Task<ReservationResponse?> HoldExplicitSeatsAsync(string token, int quantity, CancellationToken stop)
    {
        for (var attempt = 0; attempt <= options.MaxRetries; attempt++)
        {
            if (_seatMap is not { AvailableSeats: > 0 } && !await RefreshSeatMapAsync(stop))
            {
                // A fresh map shows no free seat: the sale is over, or every seat is held for now.
                await sale.NoSeatsFoundAsync(stop);
                return null;
            }

            var seats = _seatMap!.Pick(quantity, _random);
            var request = new HoldRequest(Guid.NewGuid().ToString(), seats, null, options.HoldTtlSeconds);
            var answer = await client.HoldAsync(token, options.EventId, request, stop);
            if (answer.Body is not null)
            {
                _seatMap.MarkTaken(seats);
                return answer.Body;
            }

            if (!answer.Is(HttpStatusCode.Conflict))
            {
                return null;
            }

            // Retry with other seats: strike out what the service named (all we tried, if it named none).
            _seatMap.MarkTaken(answer.Problem?.UnavailableSeats is { Count: > 0 } named ? named : seats);
        }

        // Out of retries: this map is too stale to be worth picking from again.
        _seatMap = null;
        return null;
    }

    private async Task<bool> RefreshSeatMapAsync(CancellationToken stop)
    {
        var answer = await client.GetSeatMapAsync(options.EventId, null, stop);
        _seatMap = answer.Body is null ? null : new LocalSeatMap(answer.Body);
        return _seatMap is { AvailableSeats: > 0 };
    }
}
