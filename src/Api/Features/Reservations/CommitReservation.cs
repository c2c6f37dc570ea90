using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Auth;
using Ticketing.Api.Features.Orders;
using Ticketing.Api.Payments;
using Ticketing.Api.Problems;
using Ticketing.Api.RateLimiting;

namespace Ticketing.Api.Features.Reservations;

public sealed record CommitReservationRequest(string PaymentToken, string IdempotencyKey);

/// <summary>
/// <c>POST /api/v1/reservations/{id}/commit</c>: pay and turn the hold into an order (see
/// <see cref="CheckoutSaga"/>). The same idempotency key replays the first success, charged once.
/// A commit no replica acknowledged in time answers 503 <c>commit_not_replicated</c> with
/// <c>Retry-After</c>: the retry with the same key is what confirms it. A payment the gateway
/// answered pending answers 202 with the reservation being paid: the provider's webhook decides it,
/// and the client polls the reservation until it is committed (with its order id) or held again.
/// </summary>
public sealed class CommitReservation(CheckoutSaga checkout, OrderAnswers answers)
    : Endpoint<CommitReservationRequest, Results<Ok<OrderResponse>, Accepted<ReservationResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/reservations/{id}/commit");
        Group<ReservationsGroup>();
        Options(route => route.RequireRateLimiting(RateLimitSetup.CommitsPolicy));
        Description(route => route
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status402PaymentRequired)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout));
        Summary(summary =>
        {
            summary.Summary = "Pay for a held reservation and confirm the order";
            summary.Description = "Test tokens: tok_visa, tok_declined, tok_insufficient_funds, tok_timeout, tok_slow; "
                + "asynchronous (202, result by webhook): tok_async, tok_async_declined, tok_async_late.";
        });
    }

    public override async Task<Results<Ok<OrderResponse>, Accepted<ReservationResponse>, ProblemHttpResult>> ExecuteAsync(CommitReservationRequest req, CancellationToken ct)
    {
        var id = Route<string>("id")!;
        if (!ReservationResponse.IsWellFormedId(id))
        {
            return OutcomeProblems.ReservationNotFound();
        }

        var outcome = await checkout.CommitAsync(id, User.UserId(), req.PaymentToken, req.IdempotencyKey, ct).ConfigureAwait(false);
        if (outcome is CheckoutOutcome.NotReplicated)
        {
            // A replica catches up within a second, or Sentinel promotes one within seconds.
            HttpContext.Response.Headers.RetryAfter = "1";
        }

        return outcome switch
        {
            CheckoutOutcome.Confirmed confirmed => TypedResults.Ok(answers.Committed(confirmed.Order)),
            CheckoutOutcome.PaymentPending pending => TypedResults.Accepted(ReservationResponse.Location(id),
                ReservationResponse.From(pending.Hold) with { Status = ReservationResponse.PayingStatus }),
            _ => OutcomeProblems.For(outcome),
        };
    }
}

public sealed class CommitReservationValidator : Validator<CommitReservationRequest>
{
    public CommitReservationValidator()
    {
        // Length passes null, which a body of just `null` leaves in every member.
        RuleFor(r => r.PaymentToken).NotNull().WithMessage("required").Length(1, 200).WithMessage("1 to 200 characters");
        RuleFor(r => r.IdempotencyKey).NotNull().WithMessage("required").Length(1, 100).WithMessage("1 to 100 characters");
    }
}
