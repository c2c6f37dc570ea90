using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Ticketing.Api.Auth;
using Ticketing.Api.Tests.Support;
using Ticketing.TestSupport;

namespace Ticketing.Api.Tests.Operations;

/// <summary>
/// Redis high availability end to end: a primary, its replica and three sentinels; buyers commit
/// through the real HTTP Api, whose commits wait for the replica; the primary is killed with
/// SIGKILL mid-stream and Sentinel promotes the replica. Every order answered 200 must survive,
/// reach PostgreSQL through the outbox writer (which must follow the new primary), and no seat may
/// be sold twice; the Api must sell again on its own.
/// </summary>
[Collection(FailoverCollection.Name)]
public sealed class SentinelFailoverTests
{
    private const int Buyers = 4;

    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task OrdersAnswered200SurviveTheKillOfThePrimaryAreWrittenOnceAndSalesResumeOnTheirOwn()
    {
        await using var redis = await RedisSentinel.StartAsync(withReplica: true, sentinels: 3);
        var api = await ApiFixture.StartAsync(new Dictionary<string, string>
        {
            ["Redis:CommitReplicas"] = "1",
            ["Redis:CommitReplicaTimeoutMs"] = "500",
            // Entries read while the replica lagged are claimed back after this.
            ["Reconciler:Outbox:ClaimIdleSeconds"] = "5",
        }, redis.Configuration);
        using var stop = new CancellationTokenSource();
        var buyers = Array.Empty<Task>();
        try
        {
            var eventId = await api.CreateEventAsync(TestLayouts.Small(seatsPerRow: 100));
            var seats = (await api.SeatStatusesAsync(eventId)).Keys.ToArray();
            var confirmed = new ConcurrentQueue<ConfirmedOrder>();
            buyers = [.. Enumerable.Range(0, Buyers).Select(_ => Task.Run(() => BuyUntilStoppedAsync(api, eventId, seats, confirmed, stop.Token)))];
            await Eventually.HoldsAsync(() => confirmed.Count >= 10, TimeSpan.FromSeconds(60), "orders are confirmed before the kill");

            redis.Primary.Kill();
            var killedAt = DateTime.UtcNow;
            await Eventually.HoldsAsync(() => redis.CurrentPrimary() == redis.Replica!.Endpoint, RecoveryDeadline, "Sentinel promotes the replica");
            // The killed server comes back as a supervisor would restart it, as the new primary's
            // replica: the one commits then wait for.
            await redis.RestartPrimaryAsReplicaAsync();
            await Eventually.HoldsAsync(() => confirmed.Any(order => order.HeldAfter > killedAt), killedAt + RecoveryDeadline - DateTime.UtcNow,
                "a purchase begun after the kill is confirmed within 30 s of it, without a restart of the Api");

            await stop.CancelAsync();
            await Task.WhenAll(buyers);
            var orders = confirmed.ToArray();

            Assert.Equal(orders.Length, orders.Select(order => order.SeatId).Distinct().Count());
            var admin = api.NewUser(ApiClaims.AdminRole);
            var statuses = await api.SeatStatusesAsync(eventId);
            foreach (var order in orders)
            {
                Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/orders/{order.OrderId}", admin)).Status);
                Assert.Equal("sold", statuses[order.SeatId]);
            }

            var sold = statuses.Count(seat => seat.Value == "sold");
            var (unwritten, tickets) = (orders.Length, -1L);
            await Eventually.HoldsAsync(async () =>
            {
                unwritten = 0;
                foreach (var order in orders)
                {
                    var read = await api.GetAsync($"/api/v1/orders/{order.OrderId}", admin);
                    unwritten += read.Body.GetProperty("persisted").GetBoolean() ? 0 : 1;
                }

                tickets = await TicketsInPostgresAsync(api, eventId);
                return unwritten == 0 && tickets == sold;
            }, TimeSpan.FromSeconds(60), () =>
                $"every confirmed order, and every seat sold in Redis, reaches PostgreSQL once: {unwritten} of {orders.Length} "
                + $"confirmed orders not written; {tickets} tickets in PostgreSQL for {sold} seats sold in Redis");
            Assert.Equal(0, await AlarmsInPostgresAsync(api, eventId));
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(buyers);
            await api.DisposeAsync();
        }
    }

    // HeldAfter: when the purchase asked for its hold.
    private sealed record ConfirmedOrder(string OrderId, string SeatId, DateTime HeldAfter);

    private static async Task BuyUntilStoppedAsync(ApiFixture api, string eventId, string[] seats, ConcurrentQueue<ConfirmedOrder> confirmed, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            // Buyers race for random seats, so refusing a seat sold (or held) already is tested too.
            var seat = seats[Random.Shared.Next(seats.Length)];
            if (await BuyAsync(api, eventId, seat) is { } order)
            {
                confirmed.Enqueue(order);
            }
        }
    }

    /// <summary>
    /// One purchase to its end, as a careful client makes it: a hold, then the commit, retried
    /// under the same idempotency key while the answer is 5xx or no answer came.
    /// </summary>
    private static async Task<ConfirmedOrder?> BuyAsync(ApiFixture api, string eventId, string seat)
    {
        var buyer = api.NewUser();
        var started = DateTime.UtcNow;
        var hold = await AnswerOrNullAsync(() => api.HoldAsync(eventId, buyer, seat));
        if (hold?.Status != HttpStatusCode.Created)
        {
            // Refused, or Redis between primaries: try another seat (after a pause while it is down).
            if (hold is null || (int)hold.Status >= 500)
            {
                await Task.Delay(100);
            }

            return null;
        }

        var key = Guid.NewGuid().ToString();
        var giveUp = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < giveUp)
        {
            var commit = await AnswerOrNullAsync(() => api.PostAsync($"/api/v1/reservations/{hold.String("reservation_id")}/commit",
                new { payment_token = "tok_visa", idempotency_key = key }, buyer));
            if (commit?.Status == HttpStatusCode.OK)
            {
                return new ConfirmedOrder(commit.String("order_id"), seat, started);
            }

            if (commit is not null && (int)commit.Status < 500)
            {
                // The hold is gone (it was lost with the primary): no order, nothing kept charged.
                return null;
            }

            // What a client does with 503 Retry-After (and with no answer at all) while Redis fails over.
            await Task.Delay(200);
        }

        return null;
    }

    private static async Task<ApiResponse?> AnswerOrNullAsync(Func<Task<ApiResponse>> request)
    {
        try
        {
            return await request();
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static Task<long> TicketsInPostgresAsync(ApiFixture api, string eventId) =>
        CountAsync(api, "SELECT count(*) FROM tickets WHERE event_id = @event", eventId);

    private static Task<long> AlarmsInPostgresAsync(ApiFixture api, string eventId) =>
        CountAsync(api, "SELECT count(*) FROM alarms WHERE event_id = @event", eventId);

    private static async Task<long> CountAsync(ApiFixture api, string sql, string eventId)
    {
        await using var command = api.Server.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        command.Parameters.AddWithValue("event", Guid.Parse(eventId));
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
