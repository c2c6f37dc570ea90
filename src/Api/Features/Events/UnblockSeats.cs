using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Auth;
using Ticketing.Api.Problems;
using Ticketing.Persistence.Events;
using Ticketing.Scripts;
using Ticketing.Scripts.Blocks;
using Ticketing.Scripts.Keys;

namespace Ticketing.Api.Features.Events;

/// <summary>
/// <c>DELETE /api/v1/events/{eventId}/seat-blocks/{blockId}</c> (admin): lift a block; its seats are
/// on sale again at once (a new version in seat maps and feeds). A block lifted already, or never
/// made, answers <c>404 block_not_found</c>.
/// </summary>
public sealed class UnblockSeats(IEventRepository events, IInventoryMaintenance engine)
    : EndpointWithoutRequest<Results<NoContent, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete("/events/{eventId}/seat-blocks/{blockId}");
        Group<EventsGroup>();
        Policies(ApiClaims.AdminPolicy);
        Description(route => route
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound));
        Summary(summary => summary.Summary = "Lift a seat block: its seats are available again at once");
    }

    public override async Task<Results<NoContent, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = EventReader.Canonical(Route<string>("eventId")!);
        if (id is null)
        {
            return OutcomeProblems.EventNotFound();
        }

        var blockId = Route<string>("blockId")!;
        // A block id names its event, so one of another event (or a made-up one) is unknown here.
        if (!EntityIds.TryGetEventId(blockId, EntityIds.BlockPrefix, out var blockEvent) || blockEvent != id
            || await engine.UnblockSeatsAsync(id, blockId, ct).ConfigureAwait(false) is not UnblockOutcome.Unblocked)
        {
            return ApiErrors.BlockNotFound.Result("This event has no seat block with this id.");
        }

        await events.RemoveSeatBlockAsync(Guid.Parse(id), blockId, ct).ConfigureAwait(false);
        return TypedResults.NoContent();
    }
}
