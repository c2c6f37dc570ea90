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
/// Redis's own account of script time: the <c>usec</c> of <c>FCALL</c> and <c>FCALL_RO</c> (the
/// engine's function library), <c>EVAL</c> and <c>EVALSHA</c> (the waiting room's scripts) in
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
            total += ScriptMicroseconds(stats);
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

    private static readonly string[] ScriptCommands = ["cmdstat_fcall:", "cmdstat_fcall_ro:", "cmdstat_evalsha:", "cmdstat_eval:"];

    /// <summary>The microseconds Redis spent in script and function calls, from one <c>INFO commandstats</c> answer.</summary>
    public static long ScriptMicroseconds(string commandStats) =>
        (commandStats ?? "").Split('\n', StringSplitOptions.TrimEntries)
            .Where(IsScriptLine)
            .Sum(line => Microseconds(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..]));

    private static bool IsScriptLine(string line) => ScriptCommands.Any(command => line.StartsWith(command, StringComparison.Ordinal));

    /// <summary>The <c>usec=</c> field of a line such as <c>calls=12,usec=345,usec_per_call=28.75,…</c>.</summary>
    private static long Microseconds(string line) =>
        line.Split(',').Select(field => field.Split('=')).Where(parts => parts is ["usec", _])
            .Select(parts => long.Parse(parts[1], CultureInfo.InvariantCulture)).FirstOrDefault();
}
