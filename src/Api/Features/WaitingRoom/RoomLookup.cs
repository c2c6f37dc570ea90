using Ticketing.Persistence.WaitingRooms;

namespace Ticketing.Api.Features.WaitingRoom;

/// <summary>
/// The room of an event for a join: this process's copy (<see cref="RoomBoard"/>), or, when it has
/// none, the room's record read now. Another process may have turned the room on since this one last
/// read which rooms are on (about once a second), and the first fans of a room must not be told it
/// does not exist. The read (one row by key) happens only where the answer would otherwise be 404,
/// on a route that needs a signed-in fan.
/// </summary>
public sealed class RoomLookup(RoomBoard board, WaitingRoomStore store)
{
    /// <summary>The event's room when it is on (canonical event id), else null.</summary>
    public async ValueTask<RoomView?> FindAsync(string eventId, CancellationToken cancellationToken)
    {
        if (board.Find(eventId) is { } known)
        {
            return known;
        }

        if (await store.GetAsync(Guid.Parse(eventId), cancellationToken).ConfigureAwait(false) is not { Enabled: true } room)
        {
            return null;
        }

        board.Put(room);
        return board.Find(eventId);
    }
}
