using StackExchange.Redis;

namespace Ticketing.Scripts.Connections;

/// <summary>
/// The refusals of a Redis server that is not, or not yet, the primary a client takes it for:
/// what a failover looks like from the client until it reaches the promoted replica. A demoted
/// primary refuses writes (<c>READONLY</c>) and <c>WAIT</c> (<c>… cannot be used with replica
/// instances</c>), a restarted one is still loading its data (<c>LOADING</c>), and a replica cut
/// off from its primary refuses reads (<c>MASTERDOWN</c>). Each passes within seconds; none is a
/// fault of the request.
/// </summary>
public static class RedisRoleRefusal
{
    /// <summary>True when <paramref name="exception"/> or one it wraps is such a refusal.</summary>
    public static bool IsIn(Exception? exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is RedisServerException { Message: var message }
                && (message.StartsWith("READONLY", StringComparison.Ordinal)
                    || message.StartsWith("LOADING", StringComparison.Ordinal)
                    || message.StartsWith("MASTERDOWN", StringComparison.Ordinal)
                    || message.Contains("cannot be used with replica instances", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
