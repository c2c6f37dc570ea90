namespace Ticketing.Scripts.WaitingRoom;

/// <summary>
/// The joins of one event's room in one process, sent to Redis together: while one
/// <c>room_join</c> run is in flight, the joins that arrive wait for it and then go in the next
/// run, up to <see cref="MaxFansPerRun"/> fans each. A lone join goes at once, so a quiet room
/// adds no wait; in a stampede each run carries many fans, and the room's fixed work per run
/// (the script call, TIME, the phase, the writes) is paid once for all of them. An event's room
/// lives on one Redis core however many Api processes serve it, so Redis time per join is what
/// bounds how fast fans can join.
/// </summary>
internal sealed class JoinBatch(Func<IReadOnlyList<string>, Task<IReadOnlyList<QueuePlace>>> join)
{
    /// <summary>Fans per run: enough to carry a stampede, few enough that one run stays short.</summary>
    public const int MaxFansPerRun = 200;

    private readonly Lock _lock = new();
    private List<Pending> _waiting = [];
    private bool _running;

    /// <summary>The fan's place, from the run that carries the join; a failed run fails every join it carried.</summary>
    public Task<QueuePlace> JoinAsync(string fanId)
    {
        // Completed from the sending loop: each caller goes on on the thread pool, not inside the loop.
        var pending = new Pending(fanId, new TaskCompletionSource<QueuePlace>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool start;
        lock (_lock)
        {
            _waiting.Add(pending);
            start = !_running;
            _running = true;
        }

        if (start)
        {
            _ = SendAsync();
        }

        return pending.Place.Task;
    }

    // One loop at a time per room: it sends what waits, then what arrived meanwhile, until nothing does.
    private async Task SendAsync()
    {
        while (TakeRun() is { } run)
        {
            try
            {
                var places = await join([.. run.Select(pending => pending.FanId)]).ConfigureAwait(false);
                for (var i = 0; i < run.Count; i++)
                {
                    run[i].Place.TrySetResult(places[i]);
                }
            }
            catch (Exception failure)
            {
                foreach (var pending in run)
                {
                    pending.Place.TrySetException(failure);
                }
            }
        }
    }

    private List<Pending>? TakeRun()
    {
        lock (_lock)
        {
            if (_waiting.Count == 0)
            {
                _running = false;
                return null;
            }

            if (_waiting.Count <= MaxFansPerRun)
            {
                var all = _waiting;
                _waiting = [];
                return all;
            }

            var run = _waiting.GetRange(0, MaxFansPerRun);
            _waiting.RemoveRange(0, MaxFansPerRun);
            return run;
        }
    }

    private sealed record Pending(string FanId, TaskCompletionSource<QueuePlace> Place);
}
