using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Auth;
using Ticketing.Api.Features.Events;
using Ticketing.Api.Problems;
using Ticketing.Api.Tickets;
using Ticketing.Scripts;
using Ticketing.Scripts.Tickets;

namespace Ticketing.Api.Features.Tickets;

public sealed record CheckInRequest(string? Payload = null);

/// <summary>An admitted ticket; <c>holder</c> is the user id of its buyer.</summary>
public sealed record CheckInResponse(string TicketId, string SeatId, string OrderId, Guid EventId, DateTimeOffset CheckedInAt, string Holder);

/// <summary>
/// <c>POST /api/v1/events/{eventId}/checkins</c> (staff or admin): admits the ticket whose QR payload was scanned,
/// once. The payload's signature is checked first (<c>422 invalid_ticket</c> for anything this service did not
/// sign), then its event (<c>422 wrong_event</c>); then one script run in Redis admits it, so concurrent scans at
/// several gates admit it exactly once and every later one answers <c>409 already_checked_in</c> with when.
/// </summary>
public sealed class CheckInTicket(TicketPayloads payloads, ITicketGate gate)
    : Endpoint<CheckInRequest, Results<Ok<CheckInResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/events/{eventId}/checkins");
        Group<TicketsGroup>();
        Description(route => route
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity));
        Summary(summary =>
        {
            summary.Summary = "Check a scanned ticket in at the gate, once";
            summary.Description = "409 already_checked_in (with checked_in_at) on any later scan; 422 invalid_ticket, ticket_refunded or wrong_event.";
        });
    }

    public override async Task<Results<Ok<CheckInResponse>, ProblemHttpResult>> ExecuteAsync(CheckInRequest req, CancellationToken ct)
    {
        var eventId = EventReader.Canonical(Route<string>("eventId")!);
        if (eventId is null)
        {
            return OutcomeProblems.EventNotFound();
        }

        var ticket = payloads.Verify(req.Payload);
        if (ticket is null)
        {
            return OutcomeProblems.InvalidTicket();
        }

        if (ticket.EventId != eventId)
        {
            return OutcomeProblems.WrongEvent();
        }

        // REVIEW: an event not loaded in Redis (in the seconds after a total loss of Redis, before the presence
        // check loads it again) answers invalid_ticket for its genuine tickets; loading it here, as the seat-block
        // route does, would close that at the cost of a PostgreSQL read on such scans.
        var outcome = await gate.CheckInAsync(ticket, User.UserId(), ct).ConfigureAwait(false);
        return outcome is CheckInOutcome.CheckedIn admitted
            ? TypedResults.Ok(new CheckInResponse(ticket.TicketId, ticket.SeatId, ticket.OrderId, Guid.Parse(eventId), admitted.CheckedInAt, admitted.HolderUserId))
            : OutcomeProblems.For(outcome);
    }
}

public sealed class CheckInRequestValidator : Validator<CheckInRequest>
{
    public CheckInRequestValidator()
    {
        RuleFor(r => r.Payload).NotEmpty().WithMessage("required");
    }
}
