using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Ticketing.Api.Features.WaitingRoom;

/// <summary>
/// Joins are limited per user and per client address at once (a chained limiter: both budgets
/// must have room), so neither one account nor one address with many accounts can flood the room.
/// </summary>
public sealed class JoinLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<(string User, string Address)> _limiter;

    public JoinLimiter(IOptions<WaitingRoomOptions> options)
    {
        var settings = options.Value;
        var window = TimeSpan.FromSeconds(settings.JoinWindowSeconds);
        _limiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<(string User, string Address), string>(key => Window(key.User, settings.JoinsPerUser, window)),
            PartitionedRateLimiter.Create<(string User, string Address), string>(key => Window(key.Address, settings.JoinsPerAddress, window)));
    }

    /// <summary>Takes one join from both budgets; the lease says whether it was granted and, if not, when to retry.</summary>
    public RateLimitLease Acquire(string userId, string address) => _limiter.AttemptAcquire((userId, address));

    public void Dispose() => _limiter.Dispose();

    private static RateLimitPartition<string> Window(string key, int permits, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 });
}
