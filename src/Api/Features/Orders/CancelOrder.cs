using System.Text.Json;
using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Auth;
using Ticketing.Api.Payments;
using Ticketing.Api.Problems;
using Ticketing.Persistence.Events;
using Ticketing.Persistence.Orders;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Refunds;

namespace Ticketing.Api.Features.Orders;

/// <summary>Which tickets to give back; no body (or no <c>ticket_ids</c>) gives back the whole order.</summary>
public sealed record CancelOrderRequest(IReadOnlyList<string>? TicketIds = null);

/// <summary>
/// <c>POST /api/v1/orders/{id}/cancel</c> (the buyer, or an admin): refunds the order, or some of
/// its tickets, through the refund saga. The seats are on sale again at once. A buyer may cancel
/// while the event's <c>refund_until</c> has not passed; an admin at any time. Repeating a
/// cancellation answers the order as it stands and moves no money.
/// </summary>
public sealed class CancelOrder(IOrderQueries orders, IEventRepository events, RefundSaga refunds, OrderAnswers answers, TimeProvider clock)
    : EndpointWithoutRequest<Results<Ok<OrderResponse>, ProblemHttpResult>>
{
    private static readonly JsonSerializerOptions BodyOptions = NewBodyOptions();

    /// <summary>Most tickets one request may name.</summary>
    public const int MaxTicketIds = 50;

    public override void Configure()
    {
        Post("/orders/{id}/cancel");
        Group<OrdersGroup>();
        // The body is optional (none cancels the whole order), so the endpoint reads it itself:
        // declared accepts metadata, even optional, makes routing answer a bodiless POST with 415.
        Description(route => route
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity));
        Summary(summary =>
        {
            summary.Summary = "Cancel an order, or some of its tickets, and refund them";
            summary.Description = "The seats are on sale again at once and the payment is refunded by the gateway. "
                + "Buyers may cancel until the event's refund_until (409 refund_window_closed after it, or when the event sets none); admins at any time. "
                + "Repeating a cancellation answers the same order and refunds nothing twice.";
        });
    }

    public override async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var (req, invalid) = await ReadBodyAsync(ct).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        var id = Route<string>("id")!;
        var stored = EntityIds.TryGetEventId(id, EntityIds.OrderPrefix, out var eventId)
            ? await orders.GetAsync(id, ct).ConfigureAwait(false)
            : null;
        var owner = User.OwnerFilter();
        // Someone else's order answers exactly like a missing one: ids are not probed for existence.
        if (stored is null || (owner is not null && stored.Order.UserId != owner))
        {
            return OutcomeProblems.OrderNotFound();
        }

        var order = stored.Order;
        var named = req.TicketIds ?? [];
        var byId = order.Tickets.ToDictionary(ticket => ticket.TicketId, StringComparer.Ordinal);
        var foreign = named.Where(ticket => !byId.ContainsKey(ticket)).ToList();
        if (foreign.Count > 0)
        {
            return ApiErrors.TicketNotInOrder.Result($"{foreign.Count} of the named tickets are not tickets of this order.", ("ticket_ids", foreign));
        }

        // Naming only refunded tickets is a repeat (answered with the order, nothing moves);
        // mixing refunded and active ones is a request that cannot be what the caller meant.
        var refunded = named.Where(ticket => byId[ticket].IsRefunded).ToList();
        if (refunded.Count > 0 && refunded.Count < named.Count)
        {
            return ApiErrors.TicketAlreadyRefunded.Result($"{refunded.Count} of the named tickets are refunded already.", ("ticket_ids", refunded));
        }

        if (owner is not null && !await RefundWindowOpenAsync(Guid.Parse(eventId), ct).ConfigureAwait(false))
        {
            return ApiErrors.RefundWindowClosed.Result("The event's refund window has closed; ask the organiser.");
        }

        var outcome = await refunds.RefundAsync(id, named, stored.Persisted ? order : null, ct).ConfigureAwait(false);
        return outcome switch
        {
            RefundOutcome.Refunded done => TypedResults.Ok(await answers.OneAsync(stored with { Order = done.Order }, ct).ConfigureAwait(false)),
            RefundOutcome.TicketsNotInOrder notOurs => ApiErrors.TicketNotInOrder.Result(
                $"{notOurs.TicketIds.Count} of the named tickets are not tickets of this order.", ("ticket_ids", notOurs.TicketIds)),
            _ => OutcomeProblems.OrderNotFound(),
        };
    }

    /// <summary>The body as a request (an empty one when there is none), or the 400 that answers a body that is not one.</summary>
    private async Task<(CancelOrderRequest Request, ProblemHttpResult? Invalid)> ReadBodyAsync(CancellationToken ct)
    {
        if (HttpContext.Request.ContentLength is 0 || (HttpContext.Request.ContentLength is null && !HttpContext.Request.Headers.TransferEncoding.Any()))
        {
            return (new CancelOrderRequest(), null);
        }

        if (!HttpContext.Request.HasJsonContentType())
        {
            return (new CancelOrderRequest(), ApiErrors.UnsupportedMediaType.Result("Send the body as application/json, or no body to cancel the whole order."));
        }

        List<FluentValidation.Results.ValidationFailure> failures;
        CancelOrderRequest? request = null;
        try
        {
            request = await JsonSerializer.DeserializeAsync<CancelOrderRequest>(HttpContext.Request.Body, BodyOptions, ct).ConfigureAwait(false);
            failures = request is null
                ? [new(ValidationProblems.BodyField, "The body must be a JSON object.")]
                : (await new CancelOrderValidator().ValidateAsync(request, ct).ConfigureAwait(false)).Errors;
        }
        catch (JsonException json)
        {
            failures = [ValidationProblems.DescribeJsonError(json)];
        }

        if (failures.Count == 0)
        {
            return (request!, null);
        }

        var problem = ValidationProblems.Build(failures, HttpContext, StatusCodes.Status400BadRequest);
        return (new CancelOrderRequest(), TypedResults.Problem(problem));
    }

    private static JsonSerializerOptions NewBodyOptions()
    {
        var options = new JsonSerializerOptions();
        ProblemsSetup.Configure(options);
        return options;
    }

    // No refund_until: the organiser set no refund window, so buyers cannot cancel.
    private async Task<bool> RefundWindowOpenAsync(Guid eventId, CancellationToken ct) =>
        await events.GetAsync(eventId, ct).ConfigureAwait(false) is { RefundUntil: { } until } && clock.GetUtcNow() < until;
}

/// <summary>Field rules answer <c>invalid_request</c>; whether the tickets are the order's is decided against the order.</summary>
public sealed class CancelOrderValidator : AbstractValidator<CancelOrderRequest>
{
    public CancelOrderValidator()
    {
        RuleFor(r => r.TicketIds).Must(ids => ids!.Count is > 0 and <= CancelOrder.MaxTicketIds)
            .WithMessage($"1 to {CancelOrder.MaxTicketIds} ticket ids; leave the field out to cancel the whole order").When(r => r.TicketIds is not null);
        RuleForEach(r => r.TicketIds).Must(id => !string.IsNullOrWhiteSpace(id) && id.Length <= 100).WithMessage("1 to 100 characters");
        RuleFor(r => r.TicketIds).Must(ids => ids!.Distinct(StringComparer.Ordinal).Count() == ids!.Count)
            .WithMessage("a ticket id is named twice").When(r => r.TicketIds is not null);
    }
}
