using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Ticketing.Api.Payments.Webhooks;

/// <summary>
/// The fake gateway's side of webhooks: after a delay on the app's clock, posts a signed event to
/// <see cref="PaymentsOptions.FakeWebhookUrl"/> (or this process's own webhook route), retrying a
/// refused or failed delivery a few times as providers do. Deliveries still waiting when the app
/// stops are dropped.
/// </summary>
public sealed class FakeWebhookSender(
    IHttpClientFactory clients, IServer server, WebhookSecrets secrets, IOptions<PaymentsOptions> options, TimeProvider clock,
    IHostApplicationLifetime lifetime, ILogger<FakeWebhookSender> logger)
{
    public const string ClientName = "payment-webhooks";
    private const int Attempts = 5;

    /// <summary>After <paramref name="delay"/>, asks <paramref name="decide"/> for the event as of now (the gateway settles the charge then) and posts it.</summary>
    public void Schedule(TimeSpan delay, Func<DateTimeOffset, PaymentWebhookEvent> decide)
    {
        var stopping = lifetime.ApplicationStopping;
        // The timer starts now, on the caller's thread: a clock moved right after the pending answer already counts.
        _ = DeliverAsync(Task.Delay(delay, clock, stopping), decide, stopping);
    }

    private async Task DeliverAsync(Task due, Func<DateTimeOffset, PaymentWebhookEvent> decide, CancellationToken stopping)
    {
        try
        {
            await due.ConfigureAwait(false);
            var webhook = decide(clock.GetUtcNow());
            for (var attempt = 1; attempt <= Attempts && !await TryPostAsync(webhook, stopping).ConfigureAwait(false); attempt++)
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt), clock, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The app is stopping: a real provider would deliver later; the fake forgets.
        }
    }

    /// <summary>Posts <paramref name="webhook"/> signed now; true when the receiver answered 2xx.</summary>
    public async Task<bool> TryPostAsync(PaymentWebhookEvent webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var body = webhook.ToUtf8();
        using var request = new HttpRequestMessage(HttpMethod.Post, Target()) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Sign(body, clock.GetUtcNow(), [secrets.Current]));
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("The payment webhook {EventId} was answered {Status}", webhook.Id, (int)response.StatusCode);
            }

            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException failure)
        {
            logger.LogWarning(failure, "The payment webhook {EventId} could not be delivered", webhook.Id);
            return false;
        }
    }

    private Uri Target()
    {
        if (!string.IsNullOrEmpty(options.Value.FakeWebhookUrl))
        {
            return new Uri(options.Value.FakeWebhookUrl);
        }

        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Payments:FakeWebhookUrl is not set and the server listens nowhere");
        // A wildcard listening address is reached on loopback.
        var reachable = address.Replace("://+:", "://127.0.0.1:", StringComparison.Ordinal)
            .Replace("://*:", "://127.0.0.1:", StringComparison.Ordinal)
            .Replace("://0.0.0.0:", "://127.0.0.1:", StringComparison.Ordinal)
            .Replace("://[::]:", "://127.0.0.1:", StringComparison.Ordinal);
        return new Uri(new Uri(reachable), Features.Webhooks.ReceivePaymentWebhook.Route);
    }
}
