using System.Globalization;
using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Auth;
using Ticketing.Api.Features.Events;
using Ticketing.Api.Problems;
using Ticketing.Scripts.WaitingRoom;

namespace Ticketing.Api.Features.WaitingRoom;

/// <summary>
/// <c>POST /api/v1/events/{eventId}/queue</c>: the signed-in fan takes a place (one per account
/// per event: joining again answers the same place), and gets the queue token to poll with.
/// </summary>
public sealed class JoinQueue(IWaitingRoom room, RoomLookup rooms, QueueTokens tokens, QueueAnswers answers, JoinLimiter limiter)
    : EndpointWithoutRequest<Results<Created<QueueAnswer>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/events/{eventId}/queue");
        Group<WaitingRoomGroup>();
        Description(route => route
            .Produces<QueueAnswer>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests));
        Summary(summary =>
        {
            summary.Summary = "Join an event's waiting room (joining again keeps the place)";
            summary.Description = "Limited per user and per client address; answers the queue token to poll with.";
        });
    }

    public override async Task<Results<Created<QueueAnswer>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = EventReader.Canonical(Route<string>("eventId")!);
        if (id is null || await rooms.FindAsync(id, ct).ConfigureAwait(false) is not { } view)
        {
            return WaitingRoomErrors.NoWaitingRoom.Result("Only events with their waiting room on take joins.");
        }

        var userId = User.UserId();
        if (!limiter.TryAcquire(userId, HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", out var retryAfter))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return ApiErrors.RateLimited.Result($"Too many joins; try again in {seconds} s.", ("retry_after_seconds", seconds));
        }

        var fanId = tokens.FanId(id, userId);
        var place = await room.JoinAsync(id, fanId, ct).ConfigureAwait(false);
        var queueNumber = place is QueuePlace.Waiting waiting ? waiting.QueueNumber : 0;
        var answer = answers.For(place, view, userId, id) with
        {
            QueueToken = tokens.IssueQueueToken(new QueueTicket(userId, id, queueNumber)),
            FanId = fanId,
        };
        return TypedResults.Created($"/api/v1/events/{id}/queue/{answer.QueueToken}", answer);
    }
}
