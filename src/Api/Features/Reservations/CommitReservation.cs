using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Auth;
using Ticketing.Api.Features.Orders;
using Ticketing.Api.Payments;
using Ticketing.Api.Problems;
using Ticketing.Api.RateLimiting;

namespace Ticketing.Api.Features.Reservations;

/// <summary>
/// <c>POST /api/v1/reservations/{id}/commit</c>: pay and turn the hold into an order (see
/// <see cref="CheckoutSaga"/>). The same idempotency key replays the first success, charged once.
/// </summary>
public static class CommitReservation
{
    public sealed record Request(string PaymentToken, string IdempotencyKey);

    public static void Map(RouteGroupBuilder reservations) => reservations.MapPost("/reservations/{id}/commit", HandleAsync)
        .RequireRateLimiting(RateLimitSetup.CommitsPolicy)
        .WithName("CommitReservation")
        .WithSummary("Pay for a held reservation and confirm the order")
        .WithDescription("Test tokens: tok_visa, tok_declined, tok_insufficient_funds, tok_timeout, tok_slow.")
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status402PaymentRequired)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status410Gone)
        .ProducesProblem(StatusCodes.Status504GatewayTimeout);

    public static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> HandleAsync(
        string id, Request request, HttpContext context, CheckoutSaga checkout)
    {
        if (!ReservationResponse.IsWellFormedId(id))
        {
            return OutcomeProblems.ReservationNotFound();
        }

        var validation = new RequestValidation()
            .Check(request.PaymentToken.Length is >= 1 and <= 200, "payment_token", "1 to 200 characters")
            .Check(request.IdempotencyKey.Length is >= 1 and <= 100, "idempotency_key", "1 to 100 characters");
        if (!validation.IsValid)
        {
            return validation.Problem(ApiErrors.InvalidRequest);
        }

        var outcome = await checkout.CommitAsync(id, context.User.UserId(), request.PaymentToken, request.IdempotencyKey, context.RequestAborted)
            .ConfigureAwait(false);
        return outcome is CheckoutOutcome.Confirmed confirmed
            ? TypedResults.Ok(OrderResponse.From(confirmed.Order, persisted: null))
            : OutcomeProblems.For(outcome);
    }
}
