using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Problems;

namespace Ticketing.Api.Features.Events;

/// <summary><c>GET /api/v1/events/{eventId}</c>: the event with its live availability.</summary>
public static class GetEvent
{
    public static void Map(RouteGroupBuilder events) => events.MapGet("/{eventId}", HandleAsync)
        .WithName("GetEvent")
        .WithSummary("An event with its live availability")
        .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<Ok<EventResponse>, ProblemHttpResult>> HandleAsync(
        string eventId, EventReader reader, CancellationToken cancellationToken)
    {
        var id = EventReader.Canonical(eventId);
        var record = id is null ? null : await reader.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return OutcomeProblems.EventNotFound();
        }

        var availability = await reader.AvailabilityAsync(record, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(EventResponse.From(record, availability));
    }
}
