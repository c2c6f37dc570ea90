using Microsoft.Extensions.DependencyInjection;
using Ticketing.Api.Tests.Support;
using Ticketing.Scripts;
using Ticketing.Scripts.Holds;

namespace Ticketing.Api.Tests.SeatFeeds;

/// <summary>
/// An Api whose feed limits suit the tests: a short catch-up window (so "too far behind" is
/// reachable), buffers larger than a test's burst, and two feeds per user.
/// </summary>
public sealed class FeedsFixture() : ApiFixture(new Dictionary<string, string>
{
    ["SeatFeeds:MaxCatchUpMessages"] = "50",
    ["SeatFeeds:BufferMessages"] = "4096",
    ["SeatFeeds:MaxPerUser"] = "2",
    ["SeatFeeds:MaxPerAddress"] = "5000",
})
{
    private IInventorySales Engine => Server.Services.GetRequiredService<IInventorySales>();

    /// <summary>Holds one seat through the engine (no HTTP round trip) and answers the hold id.</summary>
    public async Task<string> HoldAsync(string eventId, string seatId, string userId = "feed-user")
    {
        var outcome = await Engine.HoldSeatsAsync(new HoldSeatsRequest(eventId, userId, Guid.NewGuid().ToString(), [seatId], null));
        return Assert.IsType<HoldOutcome.Held>(outcome).Hold.HoldId;
    }

    public Task ReleaseAsync(string holdId, string userId = "feed-user") => Engine.ReleaseAsync(holdId, userId);
}
