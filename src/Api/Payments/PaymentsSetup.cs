namespace Ticketing.Api.Payments;

public static class PaymentsSetup
{
    /// <summary>The commit and refund sagas over the shipped fake gateway; a real provider replaces the <see cref="IPaymentGateway"/> registration.</summary>
    public static IServiceCollection AddPayments(this IServiceCollection services)
    {
        services.AddOptions<PaymentsOptions>().BindConfiguration(PaymentsOptions.Section)
            .Validate(o => o.GatewayTimeoutSeconds > 0 && o.PaymentWindowSeconds > 0 && o.FakeSlowSeconds >= 0,
                "Payments timeouts must be positive")
            .ValidateOnStart();
        services.AddSingleton<FakePaymentGateway>();
        services.AddSingleton<IPaymentGateway>(provider => provider.GetRequiredService<FakePaymentGateway>());
        services.AddSingleton<CheckoutSaga>();
        services.AddSingleton<RefundSaga>();
        services.AddSingleton<Ticketing.Reconciler.Refunds.IOrderRefunds>(provider => provider.GetRequiredService<RefundSaga>());
        return services;
    }
}
