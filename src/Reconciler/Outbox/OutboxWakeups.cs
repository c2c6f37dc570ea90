using System.Collections.Concurrent;
using StackExchange.Redis;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Outbox;

namespace Ticketing.Reconciler.Outbox;

/// <summary>
/// Which events have new outbox entries, as the commit script announces them: it publishes the
/// event id on <see cref="ScriptConstants.OutboxWake"/> with every order it appends, and the writer reads
/// just those streams instead of polling every on-sale event's stream. Pub/sub is fire-and-forget
/// (a message sent while the connection reconnects is gone for good), so a wake only makes the
/// writer faster; the writer's full pass every <see cref="OutboxWriterOptions.SafetyPollSeconds"/>
/// is what guarantees that every entry is read.
/// </summary>
public sealed class OutboxWakeups(IOrderOutbox outbox, ILogger<OutboxWakeups> logger) : IDisposable
{
    private readonly ConcurrentDictionary<Guid, byte> _woken = new();

    // Holds at most one pending wake, so any number of commits between two drains cost one drain.
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly Lock _signalGate = new();

    /// <summary>
    /// Starts listening. A failure is logged, not thrown: the client subscribes again once it
    /// reconnects, and until then the writer's full passes find every entry.
    /// </summary>
    public async Task SubscribeAsync()
    {
        try
        {
            await outbox.SubscribeToCommitsAsync(OnCommit).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            logger.LogWarning(exception, "Outbox writer could not subscribe to {Channel}; it reads every stream on its safety poll only",
                ScriptConstants.OutboxWake);
        }
    }

    /// <summary>Marks the event as having entries to read and wakes the waiting writer.</summary>
    public void Wake(Guid eventId)
    {
        _woken.TryAdd(eventId, 0);
        lock (_signalGate)
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
    }

    /// <summary>Waits for a wake, at most <paramref name="timeout"/> as <paramref name="time"/> counts it; true when woken.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return _signal.Wait(0, cancellationToken);
        }

        using var expiry = new CancellationTokenSource(timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(expiry.Token, cancellationToken);
        try
        {
            await _signal.WaitAsync(either.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (expiry.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// Takes the events woken since the last call. A wake that arrives while those are drained
    /// goes into the set again for the next call, so a commit landing just after a read is not missed.
    /// </summary>
    public IReadOnlyList<Guid> TakeWoken()
    {
        var taken = new List<Guid>(_woken.Count);
        foreach (var eventId in _woken.Keys)
        {
            if (_woken.TryRemove(eventId, out _))
            {
                taken.Add(eventId);
            }
        }

        return taken;
    }

    public void Dispose() => _signal.Dispose();

    private void OnCommit(string message)
    {
        // Anything but an event id is not from the commit script: ignore it rather than fail the handler.
        if (Guid.TryParse(message, out var eventId))
        {
            Wake(eventId);
        }
    }
}
