using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Auth;
using Ticketing.Api.Observability;
using Ticketing.Api.Problems;
using Ticketing.Scripts;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Keys;

namespace Ticketing.Api.Features.Reservations;

/// <summary><c>DELETE /api/v1/reservations/{id}</c>: give the seats back at once.</summary>
public sealed class ReleaseReservation(IInventorySales engine) : EndpointWithoutRequest<Results<NoContent, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete("/reservations/{id}");
        Group<ReservationsGroup>();
        Description(route => route
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone));
        Summary(summary => summary.Summary = "Release a held reservation; its seats are available at once");
    }

    public override async Task<Results<NoContent, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<string>("id")!;
        if (!EntityIds.TryGetEventId(id, EntityIds.HoldPrefix, out var eventId))
        {
            return OutcomeProblems.ReservationNotFound();
        }

        using var span = EngineTracing.Start("release_hold", eventId);
        var outcome = span.Answered(await engine.ReleaseAsync(id, User.UserId(), ct).ConfigureAwait(false));
        return outcome is ReleaseOutcome.Released ? TypedResults.NoContent() : OutcomeProblems.For(outcome);
    }
}
