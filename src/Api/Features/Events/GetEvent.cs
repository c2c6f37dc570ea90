using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Problems;

namespace Ticketing.Api.Features.Events;

/// <summary><c>GET /api/v1/events/{eventId}</c>: the event with its live availability.</summary>
public sealed class GetEvent(EventReader reader) : EndpointWithoutRequest<Results<Ok<EventResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/events/{eventId}");
        Group<EventsGroup>();
        AllowAnonymous();
        Description(route => route.ProducesProblem(StatusCodes.Status404NotFound));
        Summary(summary => summary.Summary = "An event with its live availability");
    }

    public override async Task<Results<Ok<EventResponse>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = EventReader.Canonical(Route<string>("eventId")!);
        var record = id is null ? null : await reader.GetAsync(id, ct).ConfigureAwait(false);
        if (record is null)
        {
            return OutcomeProblems.EventNotFound();
        }

        var availability = await reader.AvailabilityAsync(record, ct).ConfigureAwait(false);
        return TypedResults.Ok(EventResponse.From(record, availability));
    }
}
