using System.Net;
using Ticketing.Api.Tests.Support;
using Ticketing.TestSupport;

namespace Ticketing.Api.Tests.Operations;

/// <summary>
/// Promise 2 across a PostgreSQL crash: the sale runs on Redis, so commits keep being
/// acknowledged while PostgreSQL is down, and every acknowledged order is written once it is back.
/// </summary>
public sealed class PaidOrderDurabilityTests
{
    [Fact]
    public async Task OrdersAcknowledgedAcrossAKillOfPostgresAreAllInPostgresAfterItRecovers()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var redis = await RedisServer.StartAsync();
        var api = await ApiFixture.StartAsync(new Dictionary<string, string>(), redis.Configuration, postgres);
        try
        {
            var eventId = await api.CreateEventAsync();
            var acknowledged = new List<string>();
            foreach (var seat in new[] { "FLOOR-A-1", "FLOOR-A-2" })
            {
                acknowledged.Add(await BuyAsync(api, eventId, seat));
            }

            postgres.Kill();
            foreach (var seat in new[] { "FLOOR-B-1", "FLOOR-B-2", "FLOOR-B-3", "BALCONY-A-1" })
            {
                acknowledged.Add(await BuyAsync(api, eventId, seat));
            }

            await postgres.RestartAsync();
            await Eventually.HoldsAsync(async () =>
            {
                foreach (var orderId in acknowledged)
                {
                    var order = await api.GetAsync($"/api/v1/orders/{orderId}", api.NewUser(Ticketing.Api.Auth.ApiClaims.AdminRole));
                    if (order.Status != HttpStatusCode.OK || !order.Body.GetProperty("persisted").GetBoolean())
                    {
                        return false;
                    }
                }

                return true;
            }, TimeSpan.FromSeconds(90), "every order acknowledged with 200 is in PostgreSQL after it recovers");
        }
        finally
        {
            await api.DisposeAsync();
        }
    }

    private static async Task<string> BuyAsync(ApiFixture api, string eventId, string seatId)
    {
        var buyer = api.NewUser();
        var hold = await api.HoldAsync(eventId, buyer, seatId);
        Assert.Equal(HttpStatusCode.Created, hold.Status);
        var commit = await api.PostAsync($"/api/v1/reservations/{hold.String("reservation_id")}/commit",
            new { payment_token = "tok_visa", idempotency_key = Guid.NewGuid().ToString() }, buyer);
        Assert.Equal(HttpStatusCode.OK, commit.Status);
        return commit.String("order_id");
    }
}
