using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Ticketing.Api.Payments;
using Ticketing.Api.Payments.Webhooks;
using Ticketing.Api.Tests.Support;
using Ticketing.Persistence.Payments;
using Ticketing.TestSupport;

namespace Ticketing.Api.Tests.Payments;

/// <summary>
/// An Api whose clock the tests move (it dates signatures and times the fake gateway's webhooks),
/// with a known webhook secret and a payment window of 1 s, so a 5 s hold being paid runs out at its
/// own expiry. Asynchronous results arrive 2 s (fake) after the pending answer.
/// </summary>
public sealed class PaymentWebhookApi : ApiFixture
{
    public const string Secret = "whsec_test_0123456789abcdef";

    public PaymentWebhookApi()
        : this(new FakeTimeProvider(DateTimeOffset.UtcNow))
    {
    }

    private PaymentWebhookApi(FakeTimeProvider clock)
        : base(new Dictionary<string, string>
        {
            ["Payments:WebhookSecrets:0"] = Secret,
            ["Payments:PaymentWindowSeconds"] = "1",
            ["Payments:FakeAsyncSeconds"] = "2",
        }, replaceServices: services => services.AddSingleton<TimeProvider>(clock)) => Clock = clock;

    public FakeTimeProvider Clock { get; }

    public FakePaymentGateway Gateway => Server.Services.GetRequiredService<FakePaymentGateway>();
}

public sealed class PaymentWebhookTests(PaymentWebhookApi api) : IClassFixture<PaymentWebhookApi>
{
    private const string Seat = "FLOOR-A-1";

    [Fact]
    public async Task APendingPaymentAnswers202AndItsSignedSuccessSellsTheSeats()
    {
        var (eventId, user, id) = await HoldAsync(ttlSeconds: 300);

        var answer = await CommitAsync(id, "tok_async", "a1", user);

        Assert.Equal(HttpStatusCode.Accepted, answer.Status);
        Assert.Equal("paying", answer.String("status"));
        Assert.Equal($"/api/v1/reservations/{id}", answer.Headers.Location?.OriginalString);
        Assert.Equal(FakePaymentGateway.ChargeStatus.Pending, api.Gateway.StatusOf($"{id}:a1"));
        Assert.Equal("held", (await api.SeatStatusesAsync(eventId))[Seat]);

        api.Clock.Advance(TimeSpan.FromSeconds(2));

        await Eventually.HoldsAsync(async () => (await api.GetAsync($"/api/v1/reservations/{id}", user)).String("status") == "committed");
        var orderId = (await api.GetAsync($"/api/v1/reservations/{id}", user)).String("order_id");
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/orders/{orderId}", user)).Status);
        Assert.Equal("sold", (await api.SeatStatusesAsync(eventId))[Seat]);
        Assert.Equal(FakePaymentGateway.ChargeStatus.Charged, api.Gateway.StatusOf($"{id}:a1"));
        // The buyer's retry with the same key finds the order the webhook made.
        var retry = await CommitAsync(id, "tok_async", "a1", user);
        Assert.Equal(HttpStatusCode.OK, retry.Status);
        Assert.Equal(orderId, retry.String("order_id"));
    }

    [Fact]
    public async Task AReplayedSuccessAnswers200ReplayedAndSellsNothingMore()
    {
        var (eventId, user, id) = await PendingAsync("r1");
        var webhook = Success($"{id}:r1");

        var first = await DeliverAsync(webhook);
        var again = await DeliverAsync(webhook);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal("committed", first.String("outcome"));
        Assert.False(first.Body.GetProperty("replayed").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal("committed", again.String("outcome"));
        Assert.True(again.Body.GetProperty("replayed").GetBoolean());
        Assert.Single((await api.GetAsync("/api/v1/me/orders", user)).Body.GetProperty("data").EnumerateArray());
        Assert.Equal("sold", (await api.SeatStatusesAsync(eventId))[Seat]);
        Assert.Equal("committed", await OutcomeOfAsync(webhook.Id));
    }

    [Fact]
    public async Task ConcurrentDeliveriesOfOneEventAreHandledOnce()
    {
        var (_, user, id) = await PendingAsync("c1");
        var webhook = Success($"{id}:c1");

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => DeliverAsync(webhook)));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.Status));
        Assert.All(answers, answer => Assert.Equal("committed", answer.String("outcome")));
        Assert.Single(answers, answer => !answer.Body.GetProperty("replayed").GetBoolean());
        Assert.Single((await api.GetAsync("/api/v1/me/orders", user)).Body.GetProperty("data").EnumerateArray());
    }

    public static TheoryData<string> Forgeries =>
    [
        "no-header",
        "malformed-header",
        "no-v1",
        "wrong-secret",
        "tampered-body",
        "stale",
        "future",
    ];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task AForgedWebhookAnswers401AndChangesNothing(string forgery)
    {
        var (eventId, user, id) = await PendingAsync("f1");
        var webhook = Success($"{id}:f1");
        var body = webhook.ToUtf8();
        var now = api.Clock.GetUtcNow();
        var (sent, signature) = forgery switch
        {
            "no-header" => (body, null),
            "malformed-header" => (body, "v1=abc,t=yesterday"),
            "no-v1" => (body, $"t={now.ToUnixTimeSeconds()}"),
            "wrong-secret" => (body, WebhookSignature.Sign(body, now, ["whsec_someone_elses_secret"])),
            "tampered-body" => (Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace(":f1", ":f2", StringComparison.Ordinal)),
                WebhookSignature.Sign(body, now, [PaymentWebhookApi.Secret])),
            "stale" => (body, WebhookSignature.Sign(body, now.AddSeconds(-301), [PaymentWebhookApi.Secret])),
            "future" => (body, WebhookSignature.Sign(body, now.AddSeconds(301), [PaymentWebhookApi.Secret])),
            _ => throw new ArgumentOutOfRangeException(nameof(forgery)),
        };

        var answer = await SendAsync(sent, signature);

        answer.AssertProblem(HttpStatusCode.Unauthorized, forgery is "stale" or "future" ? "signature_expired" : "invalid_signature");
        Assert.Null(await OutcomeOfAsync(webhook.Id));
        Assert.Equal("held", (await api.GetAsync($"/api/v1/reservations/{id}", user)).String("status"));
        Assert.Equal("held", (await api.SeatStatusesAsync(eventId))[Seat]);
        // The forgery used up nothing: the genuine delivery of the same event still sells the hold.
        Assert.Equal("committed", (await DeliverAsync(webhook)).String("outcome"));
    }

    [Fact]
    public async Task ASignatureUnderAnyOfSeveralSecretsIsAccepted()
    {
        var (_, _, id) = await PendingAsync("k1");
        var body = Success($"{id}:k1").ToUtf8();
        // A provider mid-rotation signs with its old and its new secret; only one of them is ours.
        var signature = WebhookSignature.Sign(body, api.Clock.GetUtcNow(), ["whsec_the_next_secret_000", PaymentWebhookApi.Secret]);

        var answer = await SendAsync(body, signature);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("committed", answer.String("outcome"));
    }

    [Fact]
    public async Task ASuccessAfterTheHoldExpiredIsRefundedAtOnce()
    {
        var (eventId, user, id) = await HoldAsync(ttlSeconds: 5);
        Assert.Equal(HttpStatusCode.Accepted, (await CommitAsync(id, "tok_async_late", "l1", user)).Status);

        // The hold runs out on Redis's clock; the provider's success comes later on the app's.
        await Eventually.HoldsAsync(async () => (await api.GetAsync($"/api/v1/reservations/{id}", user)).String("status") == "expired");
        api.Clock.Advance(TimeSpan.FromSeconds(3));

        await Eventually.HoldsAsync(() => api.Gateway.StatusOf($"{id}:l1") == FakePaymentGateway.ChargeStatus.Refunded,
            because: $"the charge is {api.Gateway.StatusOf($"{id}:l1")}");
        Assert.Equal("expired", (await api.GetAsync($"/api/v1/reservations/{id}", user)).String("status"));
        Assert.Empty((await api.GetAsync("/api/v1/me/orders", user)).Body.GetProperty("data").EnumerateArray());
        Assert.Equal("available", (await api.SeatStatusesAsync(eventId))[Seat]);
        await MetricShowsAsync("ticketing_api_payments_late_refunded_total{reason=\"expired_before_result\"} 1");
    }

    [Fact]
    public async Task ASuccessForAPaymentTheReservationNoLongerWaitsForIsRefundedAndSellsNothing()
    {
        var (eventId, user, id) = await HoldAsync(ttlSeconds: 300);
        // The buyer gave up on the first attempt and bought with another card under another key.
        (await CommitAsync(id, "tok_declined", "g1", user)).AssertProblem(HttpStatusCode.PaymentRequired, "payment_failed");
        var order = await CommitAsync(id, "tok_visa", "g2", user);
        Assert.Equal(HttpStatusCode.OK, order.Status);

        var late = await DeliverAsync(Success($"{id}:g1"));

        Assert.Equal("refunded", late.String("outcome"));
        await MetricShowsAsync("ticketing_api_payments_late_refunded_total{reason=\"changed_before_result\"} 1");
        var orders = (await api.GetAsync("/api/v1/me/orders", user)).Body.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(order.String("order_id"), Assert.Single(orders).GetProperty("order_id").GetString());
        Assert.Equal("sold", (await api.SeatStatusesAsync(eventId))[Seat]);
    }

    [Fact]
    public async Task AFailedPaymentGivesTheHoldBackForAnotherCard()
    {
        var (eventId, user, id) = await HoldAsync(ttlSeconds: 300);
        Assert.Equal(HttpStatusCode.Accepted, (await CommitAsync(id, "tok_async_declined", "d1", user)).Status);
        // While the payment is pending, the reservation is being paid under d1 and under no other key.
        (await CommitAsync(id, "tok_visa", "d2", user)).AssertProblem(HttpStatusCode.Conflict, "reservation_not_held");

        api.Clock.Advance(TimeSpan.FromSeconds(2));

        await MetricShowsAsync("ticketing_api_payment_webhooks_total{outcome=\"abandoned\"}");
        Assert.Null(api.Gateway.StatusOf($"{id}:d1"));
        // The same key answers the provider's refusal now; another card pays.
        (await CommitAsync(id, "tok_async_declined", "d1", user)).AssertProblem(HttpStatusCode.PaymentRequired, "payment_failed");
        Assert.Equal(HttpStatusCode.OK, (await CommitAsync(id, "tok_visa", "d3", user)).Status);
        Assert.Equal("sold", (await api.SeatStatusesAsync(eventId))[Seat]);
    }

    [Fact]
    public async Task ASuccessForAPaymentOfNoKnownHoldIsRefundedAndAFailureIgnored()
    {
        var eventId = await api.CreateEventAsync();
        var unknownHold = $"rsv_{Guid.Parse(eventId):N}_{Guid.NewGuid():N}"[..57];

        var success = await DeliverAsync(Success($"{unknownHold}:u1"));
        var foreign = await DeliverAsync(Success("not-one-of-our-keys"));
        var failure = await DeliverAsync(new PaymentWebhookEvent(NewEventId(), PaymentWebhookEvent.Failed, 0, new PaymentWebhookData($"{unknownHold}:u2", null, "card_declined")));

        Assert.Equal("refunded", success.String("outcome"));
        Assert.Equal("refunded", foreign.String("outcome"));
        Assert.Equal("ignored", failure.String("outcome"));
        await MetricShowsAsync("ticketing_api_payments_late_refunded_total{reason=\"unknown_hold\"} 2");
    }

    [Fact]
    public async Task AnEventOfAnotherTypeIsAcknowledgedAndIgnored()
    {
        var answer = await DeliverAsync(new PaymentWebhookEvent(NewEventId(), "payout.paid", 0, null));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("ignored", answer.String("outcome"));
    }

    [Fact]
    public async Task ASignedBodyThatIsNoPaymentEventAnswers400AndAnOversizedOne413()
    {
        var notAnEvent = Encoding.UTF8.GetBytes("""{ "hello": "world" }""");
        var noKey = new PaymentWebhookEvent(NewEventId(), PaymentWebhookEvent.Succeeded, 0, new PaymentWebhookData(null, "txn_1", null)).ToUtf8();
        var huge = Encoding.UTF8.GetBytes($$"""{ "id": "evt_big", "type": "payment.succeeded", "pad": "{{new string('x', 70_000)}}" }""");

        (await SendAsync(notAnEvent, Sign(notAnEvent))).AssertProblem(HttpStatusCode.BadRequest, "invalid_webhook");
        (await SendAsync(noKey, Sign(noKey))).AssertProblem(HttpStatusCode.BadRequest, "invalid_webhook");
        (await SendAsync(huge, Sign(huge))).AssertProblem(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task TheApiDocumentShowsTheWebhookWithoutATokenAndThePendingCommit()
    {
        var paths = (await api.GetAsync("/openapi/v1.json")).Body.GetProperty("paths");

        var webhook = paths.GetProperty("/api/v1/webhooks/payments").GetProperty("post");
        Assert.False(webhook.TryGetProperty("security", out var security) && security.GetArrayLength() > 0);
        Assert.Contains("PaymentWebhookEvent", webhook.GetProperty("requestBody").GetRawText(), StringComparison.Ordinal);
        Assert.Equal(["200", "400", "401", "413", "415", "429", "503"],
            webhook.GetProperty("responses").EnumerateObject().Select(response => response.Name).Order(StringComparer.Ordinal));
        var commit = paths.GetProperty("/api/v1/reservations/{id}/commit").GetProperty("post");
        Assert.Contains("ReservationResponse", commit.GetProperty("responses").GetProperty("202").GetRawText(), StringComparison.Ordinal);
    }

    private async Task<(string EventId, TestUser User, string ReservationId)> HoldAsync(int ttlSeconds)
    {
        var eventId = await api.CreateEventAsync();
        var user = api.NewUser();
        var held = await api.PostAsync($"/api/v1/events/{eventId}/reservations", new { seat_ids = new[] { Seat }, ttl_seconds = ttlSeconds }, user);
        Assert.Equal(HttpStatusCode.Created, held.Status);
        return (eventId, user, held.String("reservation_id"));
    }

    /// <summary>
    /// A hold whose payment is pending under <paramref name="key"/>, with a token whose own webhook
    /// never comes in these tests' time (tok_async_late, and the clock is not moved): the tests deliver.
    /// </summary>
    private async Task<(string EventId, TestUser User, string ReservationId)> PendingAsync(string key)
    {
        var held = await HoldAsync(ttlSeconds: 300);
        Assert.Equal(HttpStatusCode.Accepted, (await CommitAsync(held.ReservationId, "tok_async_late", key, held.User)).Status);
        return held;
    }

    private Task<ApiResponse> CommitAsync(string id, string token, string key, TestUser user) =>
        api.PostAsync($"/api/v1/reservations/{id}/commit", new { payment_token = token, idempotency_key = key }, user);

    private static PaymentWebhookEvent Success(string gatewayKey) =>
        new(NewEventId(), PaymentWebhookEvent.Succeeded, 0, new PaymentWebhookData(gatewayKey, "txn_" + Guid.NewGuid().ToString("N")[..24], null));

    private static string NewEventId() => "evt_" + Guid.NewGuid().ToString("N");

    private string Sign(byte[] body) => WebhookSignature.Sign(body, api.Clock.GetUtcNow(), [PaymentWebhookApi.Secret]);

    private Task<ApiResponse> DeliverAsync(PaymentWebhookEvent webhook)
    {
        var body = webhook.ToUtf8();
        return SendAsync(body, Sign(body));
    }

    private async Task<ApiResponse> SendAsync(byte[] body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/webhooks/payments", UriKind.Relative))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, signature);
        }

        using var response = await api.Server.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var parsed = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new ApiResponse(response.StatusCode, parsed, response.Headers, response.Content.Headers.ContentType?.MediaType);
    }

    private Task<string?> OutcomeOfAsync(string eventId) => api.Server.Services.GetRequiredService<PaymentWebhookInbox>().OutcomeOfAsync(eventId);

    /// <summary>Waits for the line in <c>/metrics</c>: the exporter may answer a scrape from its short cache.</summary>
    private Task MetricShowsAsync(string line) => Eventually.HoldsAsync(
        async () => (await api.Server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Contains(line, StringComparison.Ordinal),
        timeout: null, because: $"/metrics never showed {line}");
}
