using FastEndpoints;

namespace Ticketing.Api.Features.WaitingRoom;

/// <summary>
/// <c>/api/v1/events/{eventId}/queue…</c> and <c>…/waiting-room</c>: the fan's queue (join, poll),
/// the public status and fairness reads, and the operator's settings. Each endpoint states its own
/// auth: joining needs a sign-in, polling needs only the signed queue token, settings need admin.
/// </summary>
public sealed class WaitingRoomGroup : Group
{
    public WaitingRoomGroup() => Configure("/api/v1", endpoint => endpoint.Description(route => route.WithTags("Waiting room")));
}
