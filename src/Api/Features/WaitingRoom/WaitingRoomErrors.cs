using Ticketing.Api.Problems;

namespace Ticketing.Api.Features.WaitingRoom;

/// <summary>The waiting room's <c>error</c> codes (docs/API.md, "Errors").</summary>
public static class WaitingRoomErrors
{
    public static readonly ApiError AdmissionRequired = new("admission_required", StatusCodes.Status403Forbidden,
        "An admission from the waiting room is required");

    public static readonly ApiError InvalidQueueToken = new("invalid_queue_token", StatusCodes.Status403Forbidden,
        "The queue token is not valid for this event");

    public static readonly ApiError NoWaitingRoom = new("waiting_room_not_found", StatusCodes.Status404NotFound,
        "This event has no waiting room on");
}
