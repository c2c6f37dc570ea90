using System.Diagnostics;
using System.Globalization;
using Npgsql;
using StackExchange.Redis;
using Ticketing.Persistence.Events;
using Ticketing.Reconciler.Outbox;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Layout;
using Ticketing.Scripts.Orders;

namespace Ticketing.PersistBench;

/// <summary>What the drain phase measured.</summary>
internal sealed record DrainResult(int Entries, double Seconds, double OrdersPerSecond, long OrdersInPostgres);

/// <summary>
/// The writer's ceiling: an event's outbox preloaded with N orders (one seat each, in the commit
/// script's exact format), then drained by the writer as fast as it goes, timed to the last row.
/// </summary>
internal sealed class DrainPhase(IEventRepository events, OutboxWriter writer, IConnectionMultiplexer redis, NpgsqlDataSource dataSource)
{
    public async Task<DrainResult> RunAsync(int entries)
    {
        var record = await events.CreateAsync(new NewEvent("Drain bench", "Loopback", DateTimeOffset.UtcNow.AddDays(1), "USD", 300, 8, 8, 1,
            [new SectionLayout("FLOOR", "Floor", 120.50m, [.. Enumerable.Range(0, (entries + 99) / 100).Select(i => new RowLayout($"R{i}", 100))])]));
        var eventId = record.Id.ToString("D");
        await PreloadAsync(eventId, record.ToLayout().Seats().Take(entries).Select(s => s.Id).ToList());

        var clock = Stopwatch.StartNew();
        while (await writer.DrainEventAsync(record.Id, CancellationToken.None) > 0)
        {
        }

        clock.Stop();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM orders WHERE event_id = @id", connection);
        count.Parameters.AddWithValue("id", record.Id);
        var written = (long)(await count.ExecuteScalarAsync())!;
        return new DrainResult(entries, clock.Elapsed.TotalSeconds, entries / clock.Elapsed.TotalSeconds, written);
    }

    private async Task PreloadAsync(string eventId, List<string> seats)
    {
        var database = redis.GetDatabase();
        var stream = EventKeys.Outbox(eventId);
        var confirmedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        foreach (var chunk in seats.Chunk(2_000))
        {
            await Task.WhenAll(chunk.Select(seat =>
            {
                var order = new OrderRecord(EntityIds.NewOrderId(eventId), eventId, $"user-{seat}", EntityIds.NewHoldId(eventId),
                    $"pay-{seat}", 120.50m, "USD", $"txn_{Guid.NewGuid():N}", default,
                    [new OrderTicket(EntityIds.NewTicketId(eventId), seat, "BENCH", 120.50m)]);
                return database.ExecuteAsync("XADD", stream, "*", OrderCodec.OrderField, OrderCodec.Encode(order), OrderCodec.ConfirmedAtField, confirmedAt);
            }));
        }
    }
}
