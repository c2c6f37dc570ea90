using Microsoft.Extensions.Options;
using Ticketing.Api.RateLimiting;

namespace Ticketing.Api.Features.WaitingRoom;

/// <summary>
/// Joins are limited per user and per client address at once (both budgets must have room), so
/// neither one account nor one address with many accounts can flood the room. Each budget is a
/// <see cref="FixedWindowCounts"/>: two million fans joining cost two dictionary entries each, not
/// a limiter each.
/// </summary>
public sealed class JoinLimiter(IOptions<WaitingRoomOptions> options, TimeProvider clock)
{
    private readonly FixedWindowCounts _perUser = new(options.Value.JoinsPerUser, TimeSpan.FromSeconds(options.Value.JoinWindowSeconds), clock);
    private readonly FixedWindowCounts _perAddress = new(options.Value.JoinsPerAddress, TimeSpan.FromSeconds(options.Value.JoinWindowSeconds), clock);

    /// <summary>Takes one join from both budgets; when either is spent, false with the time until it refills.</summary>
    public bool TryAcquire(string userId, string address, out TimeSpan retryAfter) =>
        // The address first: a flood from one address is refused before it spends its accounts' budgets.
        _perAddress.TryTake(address, out retryAfter) && _perUser.TryTake(userId, out retryAfter);
}
