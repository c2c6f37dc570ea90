using System.Globalization;
using Ticketing.Scripts.Connections;

namespace Ticketing.Reconciler.WaitingRoom;

/// <summary>Where the admission loop reads how busy Redis is.</summary>
public interface IRedisScriptClock
{
    /// <summary>Time Redis spent running scripts per second since the last read (zero on the first).</summary>
    Task<TimeSpan> ScriptTimePerSecondAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Redis's own account of script time: the <c>usec</c> of <c>EVAL</c> and <c>EVALSHA</c> in
/// <c>INFO commandstats</c>, summed over the primaries, differenced between reads. One INFO per
/// admission tick, whatever the traffic.
/// </summary>
public sealed class RedisScriptClock(RedisConnectionFactory connections, TimeProvider clock) : IRedisScriptClock
{
    private readonly Lock _gate = new();
    private (DateTimeOffset At, long Microseconds)? _last;

    public async Task<TimeSpan> ScriptTimePerSecondAsync(CancellationToken cancellationToken)
    {
        long total = 0;
        foreach (var server in connections.Engine.GetServers().Where(server => server.IsConnected && !server.IsReplica))
        {
            // Sent as a plain command: the typed InfoAsync needs an admin connection, and INFO changes nothing.
            var stats = (string?)await server.ExecuteAsync("INFO", "commandstats").ConfigureAwait(false) ?? "";
            total += stats.Split('\n', StringSplitOptions.TrimEntries)
                .Where(line => line.StartsWith("cmdstat_evalsha:", StringComparison.Ordinal) || line.StartsWith("cmdstat_eval:", StringComparison.Ordinal))
                .Sum(line => Microseconds(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..]));
        }

        var now = clock.GetUtcNow();
        lock (_gate)
        {
            var previous = _last;
            _last = (now, total);
            var seconds = previous is { } last ? (now - last.At).TotalSeconds : 0;
            return seconds > 0 && total >= previous!.Value.Microseconds
                ? TimeSpan.FromMicroseconds((total - previous.Value.Microseconds) / seconds)
                : TimeSpan.Zero;
        }
    }

    /// <summary>The <c>usec=</c> field of a line such as <c>calls=12,usec=345,usec_per_call=28.75,…</c>.</summary>
    private static long Microseconds(string line) =>
        line.Split(',').Select(field => field.Split('=')).Where(parts => parts is ["usec", _])
            .Select(parts => long.Parse(parts[1], CultureInfo.InvariantCulture)).FirstOrDefault();
}
