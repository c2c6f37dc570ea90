using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Problems;

namespace Ticketing.Api.Features.Events;

/// <summary>
/// An event's layout: sections in order with name and price, their rows in order with the seat
/// count. Seat <c>n</c> (1..seats) of a row has the id <c>&lt;section&gt;-&lt;row&gt;-&lt;n&gt;</c>,
/// and this order (sections, rows, seats) is the layout order of <c>/seat-status</c>.
/// </summary>
/// <param name="EventId">The event.</param>
/// <param name="Currency">ISO 4217 code of every price.</param>
/// <param name="TotalSeats">Seats in the layout.</param>
/// <param name="Sections">Sections in display order, each with its price.</param>
/// <param name="SeatPrices">Seats priced apart from their section (changed after the event was created), seat id → price; absent when none.</param>
public sealed record LayoutResponse(Guid EventId, string Currency, int TotalSeats, IReadOnlyList<LayoutSection> Sections,
    IReadOnlyDictionary<string, decimal>? SeatPrices = null);

public sealed record LayoutSection(string Id, string Name, decimal Price, IReadOnlyList<LayoutRow> Rows);

public sealed record LayoutRow(string Id, int Seats);

/// <summary>
/// <c>GET /api/v1/events/{eventId}/layout</c>: what changes only when an admin reprices seats, so
/// browsers and proxies keep it but revalidate (strong ETag: a hash of the body; a 304 costs one
/// HMGET). Each process rebuilds it when the event's prices version moved (<see cref="SeatViews.LayoutAsync"/>).
/// </summary>
public sealed class GetLayout(SeatViews views)
    : EndpointWithoutRequest<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/events/{eventId}/layout");
        Group<EventsGroup>();
        AllowAnonymous();
        Description(route => route
            .Produces<LayoutResponse>(StatusCodes.Status200OK, "application/json")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound));
        Summary(summary => summary.Summary = "The event's sections, rows, seat numbers and prices; cacheable, revalidated by ETag");
    }

    public override async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = EventReader.Canonical(Route<string>("eventId")!);
        var body = id is null ? null : await views.LayoutAsync(id).ConfigureAwait(false);
        if (body is null)
        {
            return OutcomeProblems.EventNotFound();
        }

        HttpContext.Response.Headers.ETag = body.ETag;
        HttpContext.Response.Headers.CacheControl = "public, no-cache";
        return HttpContext.Request.Headers.IfNoneMatch == body.ETag
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(body.Json, "application/json");
    }

}
