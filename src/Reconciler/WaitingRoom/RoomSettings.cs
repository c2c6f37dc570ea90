using Ticketing.Persistence.WaitingRooms;
using Ticketing.Scripts.WaitingRoom;

namespace Ticketing.Reconciler.WaitingRoom;

/// <summary>Stored settings as the engine takes them: what the admin route applies, and what a rebuilt Redis gets again.</summary>
public static class RoomSettings
{
    public static WaitingRoomSettings ToEngine(this WaitingRoomRecord settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new WaitingRoomSettings(
            settings.MaxActive, settings.AdmitPerSecond, TimeSpan.FromSeconds(settings.AdmissionTtlSeconds),
            TimeSpan.FromSeconds(settings.AbandonAfterSeconds), settings.OpensAt, settings.Paused);
    }
}
