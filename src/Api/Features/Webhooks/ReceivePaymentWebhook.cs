using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Ticketing.Api.Observability;
using Ticketing.Api.Payments;
using Ticketing.Api.Payments.Webhooks;
using Ticketing.Api.Problems;
using Ticketing.Persistence.Payments;

namespace Ticketing.Api.Features.Webhooks;

/// <summary>What the provider is told: the event, what handling it did, and whether an earlier delivery had done it.</summary>
public sealed record PaymentWebhookAnswer(string EventId, string Outcome, bool Replayed);

/// <summary>
/// <c>POST /api/v1/webhooks/payments</c>: the payment provider reports the result of a payment it
/// answered pending. Authenticated by <see cref="WebhookSignature"/> over the raw body (never a
/// re-serialised one), handled once per provider event id (<see cref="PaymentWebhookInbox"/>), and
/// acted on by <see cref="LatePaymentResults"/>. Every 2xx tells the provider to stop redelivering,
/// so event types this service does not handle are answered 200 and ignored.
/// </summary>
public sealed class ReceivePaymentWebhook(
    WebhookSecrets secrets, PaymentWebhookInbox inbox, LatePaymentResults results, ApiMetrics metrics,
    IOptions<PaymentsOptions> options, TimeProvider clock)
    : EndpointWithoutRequest<Results<Ok<PaymentWebhookAnswer>, ProblemHttpResult>>
{
    public const string Route = "/api/v1/webhooks/payments";

    public override void Configure()
    {
        Post("/webhooks/payments");
        Group<WebhooksGroup>();
        Description(route => route
            .Accepts<PaymentWebhookEvent>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType));
        Summary(summary =>
        {
            summary.Summary = "Receive a payment provider's signed event (payment.succeeded, payment.failed)";
            summary.Description = $"Header {WebhookSignature.HeaderName}: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\">. "
                + "A redelivered event id answers 200 with replayed=true and changes nothing; other event types answer 200 ignored.";
        });
    }

    public override async Task<Results<Ok<PaymentWebhookAnswer>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var body = await ReadBodyAsync(options.Value.WebhookMaxBodyBytes, ct).ConfigureAwait(false);
        if (body is null)
        {
            return Refused(ApiErrors.PayloadTooLarge.Result($"A webhook body is at most {options.Value.WebhookMaxBodyBytes} bytes."));
        }

        var check = WebhookSignature.Verify(HttpContext.Request.Headers[WebhookSignature.HeaderName], body, secrets.Accepted,
            clock.GetUtcNow(), TimeSpan.FromSeconds(options.Value.WebhookToleranceSeconds));
        switch (check)
        {
            case SignatureCheck.Malformed or SignatureCheck.Mismatch:
                return Refused(ApiErrors.InvalidSignature.Result(
                    $"The {WebhookSignature.HeaderName} header is missing, malformed, or signs another body or with another secret."));
            case SignatureCheck.OutsideTolerance:
                return Refused(ApiErrors.SignatureExpired.Result(
                    $"The signature's timestamp is more than {options.Value.WebhookToleranceSeconds} s from the server's clock.",
                    ("tolerance_seconds", options.Value.WebhookToleranceSeconds)));
        }

        if (PaymentWebhookEvent.TryRead(body) is not { } webhook)
        {
            return Refused(ApiErrors.InvalidWebhook.Result("The body is not a payment event with an id and a type."));
        }

        if (webhook.Type is PaymentWebhookEvent.Succeeded or PaymentWebhookEvent.Failed
            && (webhook.Data?.IdempotencyKey is not { Length: > 0 } || (webhook.Type == PaymentWebhookEvent.Succeeded && webhook.Data.TransactionId is not { Length: > 0 })))
        {
            return Refused(ApiErrors.InvalidWebhook.Result("A payment event names data.idempotency_key, and a success data.transaction_id."));
        }

        var receipt = await inbox.ReceiveOnceAsync(webhook.Id, webhook.Type, () => HandleAsync(webhook, ct), ct).ConfigureAwait(false);
        if (receipt is null)
        {
            // Sold on the Redis primary only: not recorded, so the provider's retry confirms it (as a buyer's retry would).
            HttpContext.Response.Headers.RetryAfter = "1";
            return Refused(ApiErrors.CommitNotReplicated.Result("The order is not yet safe on a replica; deliver the event again.",
                ("retry_allowed", true)));
        }

        metrics.Webhook(receipt.Replayed ? "replayed" : receipt.Outcome);
        return TypedResults.Ok(new PaymentWebhookAnswer(webhook.Id, receipt.Outcome, receipt.Replayed));
    }

    private async Task<string?> HandleAsync(PaymentWebhookEvent webhook, CancellationToken ct)
    {
        var result = webhook.Type switch
        {
            PaymentWebhookEvent.Succeeded => await results.SucceededAsync(webhook.Data!.IdempotencyKey!, webhook.Data.TransactionId!, ct).ConfigureAwait(false),
            PaymentWebhookEvent.Failed => await results.FailedAsync(webhook.Data!.IdempotencyKey!, ct).ConfigureAwait(false),
            _ => LateResult.Ignored,
        };
        return result switch
        {
            LateResult.NotReplicated => null,
            LateResult.Committed or LateResult.AlreadyCommitted => "committed",
            LateResult.Refunded => "refunded",
            LateResult.Abandoned => "abandoned",
            _ => "ignored",
        };
    }

    private ProblemHttpResult Refused(ProblemHttpResult problem)
    {
        metrics.Webhook(problem.ProblemDetails.Extensions["error"] as string ?? "refused");
        return problem;
    }

    /// <summary>The raw body, or null when it is longer than <paramref name="limit"/> (read no further than that).</summary>
    private async Task<byte[]?> ReadBodyAsync(int limit, CancellationToken ct)
    {
        var request = HttpContext.Request;
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
