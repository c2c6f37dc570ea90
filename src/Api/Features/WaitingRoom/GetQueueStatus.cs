using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Features.Events;

namespace Ticketing.Api.Features.WaitingRoom;

/// <summary>The room at a glance, for anyone.</summary>
/// <param name="Phase"><c>prequeue</c>, <c>closed</c> or <c>open</c>.</param>
/// <param name="PreQueue">Fans in the pre-queue.</param>
/// <param name="Active">Admitted fans in the sale now.</param>
/// <param name="MaxActive">The cap on active fans.</param>
/// <param name="Paused">Whether admission is paused.</param>
/// <param name="OpensAt">When the pre-queue opens.</param>
/// <param name="AsOf">The Redis time this copy was read at.</param>
/// <param name="Serving">The last queue number admitted (the serving watermark).</param>
/// <param name="Waiting">Fans in the queue.</param>
/// <param name="AdmitPerSecond">The measured admission rate (fans per second over the last seconds).</param>
/// <param name="EstimatedWaitSeconds">For the last fan in the queue, at the measured rate; null while nobody is being admitted.</param>
/// <param name="MaxAdmitPerSecond">The operator's cap on the rate.</param>
public sealed record QueueStatusResponse(
    long Serving,
    long Waiting,
    double AdmitPerSecond,
    long? EstimatedWaitSeconds,
    string Phase,
    long PreQueue,
    long Active,
    int MaxActive,
    int MaxAdmitPerSecond,
    bool Paused,
    DateTimeOffset? OpensAt,
    DateTimeOffset AsOf);

/// <summary>
/// <c>GET /api/v1/events/{eventId}/queue/status</c>: public and cacheable for one second
/// (<c>Cache-Control: public, max-age=1</c>), answered from this process's copy of the room, so a
/// CDN in front can serve it to any number of pages.
/// </summary>
public sealed class GetQueueStatus(RoomBoard board) : EndpointWithoutRequest<Results<Ok<QueueStatusResponse>, ProblemHttpResult>>
{
    public const string CacheControl = "public, max-age=1";

    public override void Configure()
    {
        Get("/events/{eventId}/queue/status");
        Group<WaitingRoomGroup>();
        AllowAnonymous();
        Description(route => route.ProducesProblem(StatusCodes.Status404NotFound));
        Summary(summary => summary.Summary = "The serving watermark, waiting count, measured admission rate and ETA for the last fan");
    }

    public override Task<Results<Ok<QueueStatusResponse>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = EventReader.Canonical(Route<string>("eventId")!);
        if (id is null || board.Find(id) is not { State: { } state } view)
        {
            return Task.FromResult<Results<Ok<QueueStatusResponse>, ProblemHttpResult>>(
                WaitingRoomErrors.NoWaitingRoom.Result("This event has no waiting room on."));
        }

        HttpContext.Response.Headers.CacheControl = CacheControl;
        return Task.FromResult<Results<Ok<QueueStatusResponse>, ProblemHttpResult>>(TypedResults.Ok(new QueueStatusResponse(
            state.Serving, state.Waiting, Math.Round(view.AdmissionRate, 2), view.EstimatedWaitSeconds(state.Waiting), RoomPhases.Name(state.Phase),
            state.PreQueue, state.Active, state.MaxActive, state.AdmitPerSecond, state.Paused, state.OpensAt, state.ReadAt)));
    }
}
