using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Ticketing.Scripts.WaitingRoom;

namespace Ticketing.Api.Features.WaitingRoom;

/// <summary>
/// The waiting fans this process saw polling since the last flush, per room. A poll only adds to a
/// set in memory; <see cref="PresenceFlusher"/> sends each room's set to Redis in one
/// <c>room_touch</c> every few seconds, which is what keeps a polling fan from being swept.
/// </summary>
public sealed class PresenceMarks
{
    private ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _seen = new(StringComparer.Ordinal);

    public void Mark(string eventId, string fanId) =>
        _seen.GetOrAdd(eventId, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal))[fanId] = 0;

    /// <summary>Takes every mark made so far, leaving an empty set for the next flush.</summary>
    public IReadOnlyDictionary<string, IReadOnlyCollection<string>> Drain()
    {
        var taken = Interlocked.Exchange(ref _seen, new ConcurrentDictionary<string, ConcurrentDictionary<string, byte>>(StringComparer.Ordinal));
        return taken.ToDictionary(pair => pair.Key, pair => (IReadOnlyCollection<string>)[.. pair.Value.Keys], StringComparer.Ordinal);
    }
}

/// <summary>Flushes <see cref="PresenceMarks"/> every <see cref="WaitingRoomOptions.PresenceFlushMilliseconds"/>, and once more at shutdown.</summary>
public sealed partial class PresenceFlusher(
    PresenceMarks marks, IWaitingRoom room, IOptions<WaitingRoomOptions> options, TimeProvider clock, ILogger<PresenceFlusher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.PresenceFlushMilliseconds), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await FlushAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Sends every room's marks, one call per room.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        foreach (var (eventId, fans) in marks.Drain())
        {
            try
            {
                await room.TouchAsync(eventId, fans, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The marks are lost, not the fans: the next poll marks them again, long before the abandon time.
                LogFlushFailed(logger, fans.Count, eventId, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Presence of {Count} fans in room {EventId} could not be flushed")]
    private static partial void LogFlushFailed(ILogger logger, int count, string eventId, Exception exception);
}
