using FastEndpoints;
using Ticketing.Api.Auth;
using Ticketing.Api.Features.Events;

namespace Ticketing.Api.Features.WaitingRoom;

/// <summary>
/// Guards the reservation routes of an event whose waiting room is on: the caller must send
/// <c>X-Admission-Token</c> with an admission of their own, for this event, not expired; anything
/// else (missing, forged, expired, another user's, another event's) answers 403
/// <c>admission_required</c> before the handler runs. Decided from memory: the room's on/off from
/// <see cref="RoomBoard"/>, the token by its signature. Whether the admission still stands (a
/// commit ends it before the token expires) is checked by the hold script itself, in the hold's
/// own run (<see cref="Reservations.HoldSeats"/>), so the gate adds no Redis call. Routes without
/// an event id (extend, commit, release) act on a hold that was gated when it was made.
/// </summary>
public sealed class AdmissionGate : IGlobalPreProcessor
{
    public const string Header = "X-Admission-Token";

    public async Task PreProcessAsync(IPreProcessorContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        if (http.Request.RouteValues["eventId"] is not string route || EventReader.Canonical(route) is not { } eventId
            || http.Resolve<RoomBoard>().Find(eventId) is null || http.ResponseStarted())
        {
            return;
        }

        var userId = http.User.UserId();
        if (await http.Resolve<QueueTokens>().AdmitsAsync(http.Request.Headers[Header].ToString(), userId, eventId).ConfigureAwait(false))
        {
            return;
        }

        await WaitingRoomErrors.AdmissionRequired
            .Result($"This event's waiting room is on: join the queue and send your admission token in {Header}.")
            .ExecuteAsync(http).ConfigureAwait(false);
    }
}
