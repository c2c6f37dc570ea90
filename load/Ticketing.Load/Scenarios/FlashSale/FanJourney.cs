using Ticketing.Load.Api;

namespace Ticketing.Load.Scenarios.FlashSale;

/// <summary>One of USERS places for a fan in flight (joined and not yet done); see <see cref="Arrivals{TSlot}"/>.</summary>
public sealed class FanSlot;

/// <summary>
/// What one fan does, once: gets its own dev token, joins the event's waiting room, polls its place
/// when the answer says (<see cref="PollPacing"/>), joins again if its place expired, and once
/// admitted buys in a browser from the pool with its admission token (<see cref="BuyerJourney"/>).
/// The same journey as an iteration of load/k6/flash-sale.js.
/// </summary>
public sealed class FanJourney(
    TicketingClient client, FlashSaleOptions options, string eventId, BrowserPool browsers, BuyerJourney buyer)
{
    /// <summary>A fan whose place expired (admission ended unused, or polls came too late) joins again at most this often.</summary>
    private const int MaxRejoins = 3;

    private long _admitted;

    /// <summary>Fans the room admitted.</summary>
    public long Admitted => Interlocked.Read(ref _admitted);

    public async Task RunAsync(FanSlot fan, long arrival, CancellationToken stop)
    {
        var login = await client.DevTokenAsync($"fs-{options.RunId}-{arrival}", "customer", stop);
        if (login.Body is null)
        {
            return;
        }

        var token = login.Body.AccessToken;
        if (await WaitForAdmissionAsync(token, stop) is not { } admission)
        {
            return;
        }

        Interlocked.Increment(ref _admitted);
        var browser = browsers.Take();
        try
        {
            await buyer.RunAsync(browser, token, admission, stop);
        }
        finally
        {
            browsers.Return(browser);
        }
    }

    /// <summary>The fan's admission token, or null when the room turned it away (an error, or too many expiries).</summary>
    private async Task<string?> WaitForAdmissionAsync(string token, CancellationToken stop)
    {
        var answer = await client.JoinQueueAsync(token, eventId, stop);
        var queueToken = answer.Body?.QueueToken;
        var rejoins = 0;
        while (answer.Body is { } place)
        {
            switch (place.Status)
            {
                case "admitted" when place.AdmissionToken is { } admission:
                    return admission;
                case "waiting" when queueToken is not null:
                    await Task.Delay(PollPacing.Wait(place.PollAfterSeconds, options.MaxPollWait), stop);
                    answer = await client.PollQueueAsync(eventId, queueToken, stop);
                    // A poll may hand over a new queue token (a pre-queue fan's number drawn at the open).
                    queueToken = answer.Body?.QueueToken ?? queueToken;
                    break;
                case "expired" when rejoins++ < MaxRejoins:
                    answer = await client.JoinQueueAsync(token, eventId, stop);
                    queueToken = answer.Body?.QueueToken ?? queueToken;
                    break;
                default:
                    return null;
            }
        }

        return null;
    }
}

/// <summary>When a waiting fan polls again.</summary>
public static class PollPacing
{
    /// <summary>What a waiting answer carries when it names no delay: the service's shortest.</summary>
    public static readonly TimeSpan ServiceMinimum = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The answer's <c>poll_after_seconds</c>, never sooner, unless <paramref name="cap"/> (a bench
    /// that would rather not wait out the service's pacing) is lower.
    /// </summary>
    public static TimeSpan Wait(int? pollAfterSeconds, TimeSpan? cap)
    {
        var asked = pollAfterSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : ServiceMinimum;
        return cap is { } limit && limit < asked ? limit : asked;
    }
}
