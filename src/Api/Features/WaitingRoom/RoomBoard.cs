using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Ticketing.Persistence.WaitingRooms;
using Ticketing.Scripts.WaitingRoom;

namespace Ticketing.Api.Features.WaitingRoom;

/// <summary>One room as this process last read it.</summary>
/// <param name="Settings">The operator's settings (PostgreSQL).</param>
/// <param name="State">The room in Redis at the last refresh; null until the first read.</param>
/// <param name="AdmissionRate">Fans admitted per second, measured over the last few seconds of refreshes.</param>
public sealed record RoomView(WaitingRoomRecord Settings, RoomState? State, double AdmissionRate)
{
    /// <summary>Seconds until <paramref name="place"/> fans ahead are admitted at the measured rate; null while nothing has been admitted lately.</summary>
    public long? EstimatedWaitSeconds(long place) =>
        place <= 0 ? 0 : AdmissionRate > 0 ? (long)Math.Ceiling(place / AdmissionRate) : null;

    /// <summary>
    /// A waiting fan's place from their queue number and the serving watermark alone: every number
    /// between them is ahead of the fan, less those who left or were swept (so this is an upper
    /// bound, never above the number waiting).
    /// </summary>
    public long PlaceOf(long queueNumber) =>
        State is null ? queueNumber : Math.Clamp(queueNumber - State.Serving, 1, Math.Max(State.Waiting, 1));
}

/// <summary>
/// Every room that is on, as this process keeps it in memory: polls, status reads and the
/// admission gate read here, and <see cref="RoomBoardRefresher"/> refreshes it from one read per
/// room every quarter second, so the fans' polls cost Redis nothing however many there are.
/// </summary>
public sealed class RoomBoard(IOptions<WaitingRoomOptions> options)
{
    private readonly ConcurrentDictionary<string, RoomView> _rooms = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Queue<(DateTimeOffset At, long Admitted)>> _samples = new(StringComparer.Ordinal);
    private readonly TimeSpan _rateWindow = TimeSpan.FromSeconds(options.Value.RateWindowSeconds);

    /// <summary>The room of an event (canonical id) when it is on.</summary>
    public RoomView? Find(string eventId) => _rooms.TryGetValue(eventId, out var room) ? room : null;

    public IReadOnlyCollection<RoomView> Rooms => [.. _rooms.Values];

    /// <summary>Replaces the set of rooms that are on, keeping what was read of those that stay.</summary>
    public void SetRooms(IEnumerable<WaitingRoomRecord> enabled)
    {
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var settings in enabled)
        {
            var id = settings.EventId.ToString("D");
            keep.Add(id);
            _rooms.AddOrUpdate(id, _ => new RoomView(settings, null, 0), (_, room) => room with { Settings = settings });
        }

        foreach (var id in _rooms.Keys.Where(id => !keep.Contains(id)))
        {
            _rooms.TryRemove(id, out _);
            _samples.TryRemove(id, out _);
        }
    }

    /// <summary>Puts one room's settings now (the admin route, so its own process need not wait for the next directory read).</summary>
    public void Put(WaitingRoomRecord settings)
    {
        var id = settings.EventId.ToString("D");
        if (!settings.Enabled)
        {
            _rooms.TryRemove(id, out _);
            return;
        }

        _rooms.AddOrUpdate(id, _ => new RoomView(settings, null, 0), (_, room) => room with { Settings = settings });
    }

    /// <summary>Records a fresh read of the room, and the admission rate it implies.</summary>
    public void Update(string eventId, RoomState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var samples = _samples.GetOrAdd(eventId, _ => new Queue<(DateTimeOffset, long)>());
        double rate;
        lock (samples)
        {
            samples.Enqueue((state.ReadAt, state.AdmittedTotal));
            while (samples.Count > 2 && state.ReadAt - samples.Peek().At > _rateWindow)
            {
                samples.Dequeue();
            }

            var (firstAt, firstAdmitted) = samples.Peek();
            var seconds = (state.ReadAt - firstAt).TotalSeconds;
            rate = seconds > 0 ? Math.Max(state.AdmittedTotal - firstAdmitted, 0) / seconds : 0;
        }

        // A room turned off meanwhile stays off.
        if (_rooms.TryGetValue(eventId, out var room))
        {
            _rooms.TryUpdate(eventId, room with { State = state, AdmissionRate = rate }, room);
        }
    }
}
