using Microsoft.Extensions.DependencyInjection;
using Ticketing.Api.Tests.Support;
using Ticketing.Reconciler.Outbox;

namespace Ticketing.Api.Tests.Orders;

/// <summary>
/// Read-your-writes for orders: with the outbox writer held back, a fresh order is only in Redis,
/// and <c>/me/orders</c> lists it at once; once written, it is listed once, persisted.
/// </summary>
public sealed class UnpersistedOrdersTests : IAsyncLifetime
{
    private ApiFixture? _held;

    public async Task InitializeAsync() =>
        _held = await ApiFixture.StartAsync(new Dictionary<string, string> { ["Reconciler:Outbox:Enabled"] = "false" });

    public Task DisposeAsync() => _held?.DisposeAsync() ?? Task.CompletedTask;

    [Fact]
    public async Task AFreshOrderIsListedAtOnceNotPersistedAndLaterPersistedWithoutADuplicate()
    {
        var api = _held!;
        var eventId = await api.CreateEventAsync();
        var user = api.NewUser();
        var reservation = (await api.HoldAsync(eventId, user, "FLOOR-A-1")).String("reservation_id");
        var orderId = (await api.PostAsync($"/api/v1/reservations/{reservation}/commit", new { payment_token = "tok_visa", idempotency_key = "k1" }, user))
            .String("order_id");

        var listed = (await api.GetAsync("/api/v1/me/orders", user)).Body.GetProperty("data").EnumerateArray().ToList();
        var order = Assert.Single(listed);
        Assert.Equal(orderId, order.GetProperty("order_id").GetString());
        Assert.False(order.GetProperty("persisted").GetBoolean());
        Assert.Empty((await api.GetAsync("/api/v1/me/orders", api.NewUser())).Body.GetProperty("data").EnumerateArray());

        // The writer's pass, run by hand here, is what the hosted writer runs on every wake.
        await api.Server.Services.GetRequiredService<OutboxWriter>().DrainEventAsync(Guid.Parse(eventId), CancellationToken.None);
        Assert.True((await api.GetAsync($"/api/v1/orders/{orderId}", user)).Body.GetProperty("persisted").GetBoolean());

        listed = (await api.GetAsync("/api/v1/me/orders", user)).Body.GetProperty("data").EnumerateArray().ToList();
        order = Assert.Single(listed);
        Assert.Equal(orderId, order.GetProperty("order_id").GetString());
        Assert.True(order.GetProperty("persisted").GetBoolean());
    }
}
