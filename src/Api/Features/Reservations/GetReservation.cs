using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Auth;
using Ticketing.Api.Observability;
using Ticketing.Api.Problems;
using Ticketing.Scripts;
using Ticketing.Scripts.Keys;

namespace Ticketing.Api.Features.Reservations;

/// <summary><c>GET /api/v1/reservations/{id}</c>: the caller's reservation (admins: anyone's).</summary>
public sealed class GetReservation(IInventorySales engine) : EndpointWithoutRequest<Results<Ok<ReservationResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/reservations/{id}");
        Group<ReservationsGroup>();
        Description(route => route.ProducesProblem(StatusCodes.Status404NotFound));
        Summary(summary => summary.Summary = "A reservation and its status: held, committed, expired or released");
    }

    public override async Task<Results<Ok<ReservationResponse>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<string>("id")!;
        if (!EntityIds.TryGetEventId(id, EntityIds.HoldPrefix, out var eventId))
        {
            return OutcomeProblems.ReservationNotFound();
        }

        using var span = EngineTracing.Start("get_hold", eventId);
        var hold = span.Answered(await engine.GetHoldAsync(id, User.OwnerFilter(), ct).ConfigureAwait(false));
        return hold is null ? OutcomeProblems.ReservationNotFound() : TypedResults.Ok(ReservationResponse.From(hold));
    }
}
