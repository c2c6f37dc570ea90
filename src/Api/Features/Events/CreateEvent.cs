using System.Text.RegularExpressions;
using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Auth;
using Ticketing.Api.Features.Reservations;
using Ticketing.Api.Problems;
using Ticketing.Persistence.Events;
using Ticketing.Reconciler.Events;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Layout;

namespace Ticketing.Api.Features.Events;

public sealed record CreateEventRequest(
    string Title,
    string Venue,
    DateTimeOffset StartsAt,
    string Currency,
    IReadOnlyList<SectionBody> Sections,
    int HoldTtlSeconds = 300,
    int MaxSeatsPerHold = 8,
    int MaxTicketsPerUser = 8,
    int MaxExtensions = 1,
    string? Status = null,
    DateTimeOffset? OpensAt = null,
    DateTimeOffset? RefundUntil = null);

/// <summary>
/// <c>POST /api/v1/events</c> (admin): store the event in PostgreSQL, then load it into Redis. Without
/// lifecycle fields it is on sale at once, as it always was; it may instead start as a <c>draft</c>
/// or <c>scheduled</c> (with <c>opens_at</c>).
/// </summary>
public sealed class CreateEvent(IEventRepository events, IEventLoader loader, EventReader reader)
    : Endpoint<CreateEventRequest, Results<Created<EventResponse>, ProblemHttpResult>>
{
    /// <summary>Most seats one event may have: a seat map beyond this is not one page and not one script run.</summary>
    public const int MaxSeatsPerEvent = 100_000;

    /// <summary>What a seat may cost, in the event's currency: 0 to 1,000,000 in whole cents (for sections and repriced seats alike).</summary>
    public static bool IsValidPrice(decimal price) => price is >= 0 and <= 1_000_000 && decimal.Round(price, 2) == price;

    /// <summary>The message of a price outside <see cref="IsValidPrice"/>.</summary>
    public const string PriceRule = "0 to 1000000 with at most 2 decimals";

    public override void Configure()
    {
        Post("/events");
        Group<EventsGroup>();
        Policies(ApiClaims.AdminPolicy);
        Description(route => route
            .Produces<EventResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden));
        Summary(summary =>
        {
            summary.Summary = "Create an event and put it on sale";
            summary.Description = "Stores the event and its layout in PostgreSQL, then loads it into Redis. Seat ids are SECTION-ROW-NUMBER.";
        });
    }

    public override async Task<Results<Created<EventResponse>, ProblemHttpResult>> ExecuteAsync(CreateEventRequest req, CancellationToken ct)
    {
        var record = await events.CreateAsync(new NewEvent(
            req.Title.Trim(),
            req.Venue.Trim(),
            req.StartsAt,
            req.Currency,
            req.HoldTtlSeconds,
            req.MaxSeatsPerHold,
            req.MaxTicketsPerUser,
            req.MaxExtensions,
            [.. req.Sections.Select(section => new SectionLayout(
                section.Id, section.Name.Trim(), section.Price, [.. section.Rows.Select(row => new RowLayout(row.Id, row.Seats))]))])
            {
                Status = req.Status ?? EventStatuses.OnSale,
                OpensAt = req.OpensAt,
                RefundUntil = req.RefundUntil,
            },
            ct).ConfigureAwait(false);
        await loader.EnsureLoadedAsync(record, ct).ConfigureAwait(false);
        var availability = await reader.AvailabilityAsync(record, ct).ConfigureAwait(false);
        return TypedResults.Created($"/api/v1/events/{record.Id:D}", EventResponse.From(record, availability));
    }
}

/// <summary>
/// The event's own fields answer <c>invalid_request</c>; its layout (sections, rows, seats) answers
/// <c>invalid_layout</c>, and only once the fields are right (see <see cref="ValidationProblems"/>).
/// </summary>
public sealed partial class CreateEventValidator : Validator<CreateEventRequest>
{
    public CreateEventValidator()
    {
        RuleFor(r => r.Title).Must(text => !string.IsNullOrWhiteSpace(text) && text.Length <= 200).WithMessage("1 to 200 characters");
        RuleFor(r => r.Venue).Must(text => !string.IsNullOrWhiteSpace(text) && text.Length <= 200).WithMessage("1 to 200 characters");
        RuleFor(r => r.Currency).Matches(CurrencyCode()).WithMessage("an ISO 4217 code such as USD");
        RuleFor(r => r.HoldTtlSeconds).Must(HoldLimits.IsValidTtl).WithMessage($"{HoldLimits.MinTtlSeconds} to {HoldLimits.MaxTtlSeconds}");
        RuleFor(r => r.MaxSeatsPerHold).InclusiveBetween(1, HoldSeats.MaxSeatIdsPerRequest).WithMessage($"1 to {HoldSeats.MaxSeatIdsPerRequest}");
        RuleFor(r => r.MaxTicketsPerUser).InclusiveBetween(1, 1_000).WithMessage("1 to 1000");
        RuleFor(r => r.MaxTicketsPerUser).GreaterThanOrEqualTo(r => r.MaxSeatsPerHold).WithMessage("at least max_seats_per_hold");
        RuleFor(r => r.MaxExtensions).InclusiveBetween(0, 10).WithMessage("0 to 10");
        RuleFor(r => r.Status).Must(status => status is null or EventStatuses.Draft or EventStatuses.Scheduled or EventStatuses.OnSale)
            .WithMessage("draft, scheduled or on_sale (an event is created before it can be paused, closed or cancelled)");
        RuleFor(r => r.OpensAt).NotNull().WithMessage("a scheduled event needs opens_at").When(r => r.Status == EventStatuses.Scheduled);

        RuleFor(r => r.Sections).Must(sections => sections.Count is >= 1 and <= 100).WithMessage("1 to 100 sections").Layout();
        RuleFor(r => r.Sections).Must(sections => sections.Select(section => section.Id).Distinct(StringComparer.Ordinal).Count() == sections.Count)
            .WithMessage("section ids must be unique").Layout();
        RuleFor(r => r.Sections).Must(sections => sections.Sum(section => section.Rows.Sum(row => (long)Math.Max(0, row.Seats))) <= CreateEvent.MaxSeatsPerEvent)
            .WithMessage($"at most {CreateEvent.MaxSeatsPerEvent} seats per event").Layout();
        RuleForEach(r => r.Sections).ChildRules(section =>
        {
            section.RuleFor(s => s.Id).Matches(LayoutId())
                .WithMessage("1 to 16 letters, digits or underscores (no '-': it separates the parts of a seat id)").Layout();
            section.RuleFor(s => s.Name).Must(name => !string.IsNullOrWhiteSpace(name) && name.Length <= 100).WithMessage("1 to 100 characters").Layout();
            section.RuleFor(s => s.Price).Must(CreateEvent.IsValidPrice).WithMessage(CreateEvent.PriceRule).Layout();
            section.RuleFor(s => s.Rows).Must(rows => rows.Count is >= 1 and <= 200).WithMessage("1 to 200 rows").Layout();
            section.RuleForEach(s => s.Rows).ChildRules(row =>
            {
                row.RuleFor(r => r.Id).Matches(LayoutId()).WithMessage("1 to 16 letters, digits or underscores").Layout();
                row.RuleFor(r => r.Seats).InclusiveBetween(1, 500).WithMessage("1 to 500 seats").Layout();
            });
        });
    }

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();

    [GeneratedRegex("^[A-Za-z0-9_]{1,16}$")]
    private static partial Regex LayoutId();
}

internal static class LayoutRules
{
    /// <summary>Marks a rule as a layout rule: its failures answer <c>invalid_layout</c>.</summary>
    public static IRuleBuilderOptions<T, TProperty> Layout<T, TProperty>(this IRuleBuilderOptions<T, TProperty> rule) =>
        rule.WithErrorCode(ApiErrors.InvalidLayout.Code);
}
