using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Observability;
using Ticketing.Api.Features.Events;
using Ticketing.Scripts.WaitingRoom;

namespace Ticketing.Api.Features.WaitingRoom;

/// <summary>
/// <c>GET /api/v1/events/{eventId}/queue/{queueToken}</c>: where the fan stands. The token carries
/// the fan's queue number, so a waiting fan is answered from this process's copy of the room (the
/// serving watermark and the measured rate) with no Redis call; the poll only marks the fan seen in
/// memory. Redis is read once per fan at the moments that need it: when the watermark passes the
/// fan's number (to issue the admission) and when a pre-queue fan's number is drawn at the open.
/// The signed token is the credential, so the route needs no sign-in.
/// </summary>
public sealed class PollQueue(IWaitingRoom room, RoomBoard board, QueueTokens tokens, QueueAnswers answers, PresenceMarks presence)
    : EndpointWithoutRequest<Results<Ok<QueueAnswer>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/events/{eventId}/queue/{queueToken}");
        Group<WaitingRoomGroup>();
        AllowAnonymous();
        Options(route => route.WithMetadata(QuietRequestLog.Instance));
        Description(route => route
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound));
        Summary(summary =>
        {
            summary.Summary = "A fan's place, ETA and, once admitted, the admission token";
            summary.Description = "Poll again after poll_after_seconds; a fan who stops polling for abandon_after_seconds loses the place.";
        });
    }

    public override async Task<Results<Ok<QueueAnswer>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = EventReader.Canonical(Route<string>("eventId")!);
        if (id is null || board.Find(id) is not { } view)
        {
            return WaitingRoomErrors.NoWaitingRoom.Result("This event has no waiting room on.");
        }

        if (await tokens.ReadQueueTokenAsync(Route<string>("queueToken")!, id).ConfigureAwait(false) is not { } ticket)
        {
            return WaitingRoomErrors.InvalidQueueToken.Result("The queue token is forged, expired or for another event; join again.");
        }

        var fanId = tokens.FanId(id, ticket.UserId);
        return TypedResults.Ok(view.State switch
        {
            { } state when ticket.QueueNumber == 0 && state.Phase != RoomPhase.Open => answers.InPreQueue(view),
            { } state when ticket.QueueNumber > state.Serving => MarkSeen(id, fanId, answers.WaitingAt(view, view.PlaceOf(ticket.QueueNumber))),
            _ => await ReadPlaceAsync(view, ticket, fanId, ct).ConfigureAwait(false),
        });
    }

    private QueueAnswer MarkSeen(string eventId, string fanId, QueueAnswer answer)
    {
        presence.Mark(eventId, fanId);
        return answer;
    }

    /// <summary>The moments memory cannot answer: the fan's number was drawn at the open, or the watermark passed it.</summary>
    private async Task<QueueAnswer> ReadPlaceAsync(RoomView view, QueueTicket ticket, string fanId, CancellationToken ct)
    {
        var place = await room.GetPlaceAsync(ticket.EventId, fanId, ct).ConfigureAwait(false);
        var answer = answers.For(place, view, ticket.UserId, ticket.EventId);
        return place is QueuePlace.Waiting waiting && waiting.QueueNumber != ticket.QueueNumber
            ? answer with { QueueToken = tokens.IssueQueueToken(ticket with { QueueNumber = waiting.QueueNumber }) }
            : answer;
    }
}
