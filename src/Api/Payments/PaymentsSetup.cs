using Ticketing.Api.Payments.Webhooks;

namespace Ticketing.Api.Payments;

public static class PaymentsSetup
{
    /// <summary>
    /// The commit and refund sagas over the shipped fake gateway, and the handling of payment webhooks; a real
    /// provider replaces the <see cref="IPaymentGateway"/> registration and sets <c>Payments:WebhookSecrets</c>.
    /// </summary>
    public static IServiceCollection AddPayments(this IServiceCollection services)
    {
        services.AddOptions<PaymentsOptions>().BindConfiguration(PaymentsOptions.Section)
            .Validate(o => o.GatewayTimeoutSeconds > 0 && o.PaymentWindowSeconds > 0 && o.FakeSlowSeconds >= 0 && o.FakeAsyncSeconds >= 0,
                "Payments timeouts must be positive")
            .Validate(o => o.WebhookToleranceSeconds > 0 && o.WebhookMaxBodyBytes > 0, "Payments webhook tolerance and body limit must be positive")
            .Validate(o => o.WebhookSecrets.All(secret => secret.Length >= 16), "Payments:WebhookSecrets must each be at least 16 characters")
            .ValidateOnStart();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<LatePaymentResults>();
        services.AddSingleton<FakeWebhookSender>();
        services.AddHttpClient(FakeWebhookSender.ClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<FakePaymentGateway>();
        services.AddSingleton<IPaymentGateway>(provider => provider.GetRequiredService<FakePaymentGateway>());
        services.AddSingleton<CheckoutSaga>();
        services.AddSingleton<RefundSaga>();
        services.AddSingleton<Ticketing.Reconciler.Refunds.IOrderRefunds>(provider => provider.GetRequiredService<RefundSaga>());
        return services;
    }
}
