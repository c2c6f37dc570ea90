using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Auth;
using Ticketing.Api.Features.Reservations;
using Ticketing.Api.Problems;
using Ticketing.Persistence.Events;
using Ticketing.Reconciler.Events;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Layout;

namespace Ticketing.Api.Features.Events;

/// <summary><c>POST /api/v1/events</c> (admin): store the event in PostgreSQL, then put it on sale in Redis.</summary>
public static partial class CreateEvent
{
    /// <summary>Most seats one event may have: a seat map beyond this is not one page and not one script run.</summary>
    public const int MaxSeatsPerEvent = 100_000;

    public sealed record Request(
        string Title,
        string Venue,
        DateTimeOffset StartsAt,
        string Currency,
        IReadOnlyList<SectionBody> Sections,
        int HoldTtlSeconds = 300,
        int MaxSeatsPerHold = 8,
        int MaxTicketsPerUser = 8,
        int MaxExtensions = 1);

    public static void Map(RouteGroupBuilder events) => events.MapPost("/", HandleAsync)
        .RequireAuthorization(ApiClaims.AdminPolicy)
        .WithName("CreateEvent")
        .WithSummary("Create an event and put it on sale")
        .WithDescription("Stores the event and its layout in PostgreSQL, then loads it into Redis. Seat ids are SECTION-ROW-NUMBER.")
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden);

    public static async Task<Results<Created<EventResponse>, ProblemHttpResult>> HandleAsync(
        Request request, IEventRepository events, IEventLoader loader, EventReader reader, CancellationToken cancellationToken)
    {
        var fields = ValidateFields(request);
        if (!fields.IsValid)
        {
            return fields.Problem(ApiErrors.InvalidRequest);
        }

        var layout = ValidateLayout(request.Sections);
        if (!layout.IsValid)
        {
            return layout.Problem(ApiErrors.InvalidLayout);
        }

        var record = await events.CreateAsync(new NewEvent(
            request.Title.Trim(),
            request.Venue.Trim(),
            request.StartsAt,
            request.Currency,
            request.HoldTtlSeconds,
            request.MaxSeatsPerHold,
            request.MaxTicketsPerUser,
            request.MaxExtensions,
            [.. request.Sections.Select(section => new SectionLayout(
                section.Id, section.Name.Trim(), section.Price, [.. section.Rows.Select(row => new RowLayout(row.Id, row.Seats))]))]),
            cancellationToken).ConfigureAwait(false);
        await loader.EnsureLoadedAsync(record, cancellationToken).ConfigureAwait(false);
        var availability = await reader.AvailabilityAsync(record, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/v1/events/{record.Id:D}", EventResponse.From(record, availability));
    }

    private static RequestValidation ValidateFields(Request request) => new RequestValidation()
        .Check(!string.IsNullOrWhiteSpace(request.Title) && request.Title.Length <= 200, "title", "1 to 200 characters")
        .Check(!string.IsNullOrWhiteSpace(request.Venue) && request.Venue.Length <= 200, "venue", "1 to 200 characters")
        .Check(CurrencyCode().IsMatch(request.Currency), "currency", "an ISO 4217 code such as USD")
        .Check(HoldLimits.IsValidTtl(request.HoldTtlSeconds), "hold_ttl_seconds", $"{HoldLimits.MinTtlSeconds} to {HoldLimits.MaxTtlSeconds}")
        .Check(request.MaxSeatsPerHold is >= 1 and <= HoldSeats.MaxSeatIdsPerRequest, "max_seats_per_hold", $"1 to {HoldSeats.MaxSeatIdsPerRequest}")
        .Check(request.MaxTicketsPerUser is >= 1 and <= 1_000, "max_tickets_per_user", "1 to 1000")
        .Check(request.MaxTicketsPerUser >= request.MaxSeatsPerHold, "max_tickets_per_user", "at least max_seats_per_hold")
        .Check(request.MaxExtensions is >= 0 and <= 10, "max_extensions", "0 to 10");

    private static RequestValidation ValidateLayout(IReadOnlyList<SectionBody> sections)
    {
        var validation = new RequestValidation()
            .Check(sections.Count is >= 1 and <= 100, "sections", "1 to 100 sections")
            .Check(sections.Select(section => section.Id).Distinct(StringComparer.Ordinal).Count() == sections.Count, "sections", "section ids must be unique");
        for (var s = 0; s < sections.Count; s++)
        {
            var section = sections[s];
            var at = $"sections[{s}]";
            validation
                .Check(LayoutId().IsMatch(section.Id), $"{at}.id", "1 to 16 letters, digits or underscores (no '-': it separates the parts of a seat id)")
                .Check(!string.IsNullOrWhiteSpace(section.Name) && section.Name.Length <= 100, $"{at}.name", "1 to 100 characters")
                .Check(section.Price is >= 0 and <= 1_000_000 && decimal.Round(section.Price, 2) == section.Price, $"{at}.price", "0 to 1000000 with at most 2 decimals")
                .Check(section.Rows.Count is >= 1 and <= 200, $"{at}.rows", "1 to 200 rows")
                .Check(section.Rows.Select(row => row.Id).Distinct(StringComparer.Ordinal).Count() == section.Rows.Count, $"{at}.rows", "row ids must be unique in a section");
            for (var r = 0; r < section.Rows.Count; r++)
            {
                validation
                    .Check(LayoutId().IsMatch(section.Rows[r].Id), $"{at}.rows[{r}].id", "1 to 16 letters, digits or underscores")
                    .Check(section.Rows[r].Seats is >= 1 and <= 500, $"{at}.rows[{r}].seats", "1 to 500 seats");
            }
        }

        var total = sections.Sum(section => section.Rows.Sum(row => (long)Math.Max(0, row.Seats)));
        return validation.Check(total <= MaxSeatsPerEvent, "sections", $"at most {MaxSeatsPerEvent} seats per event");
    }

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();

    [GeneratedRegex("^[A-Za-z0-9_]{1,16}$")]
    private static partial Regex LayoutId();
}
