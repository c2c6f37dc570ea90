using StackExchange.Redis;
using Ticketing.Persistence.Ops;
using Ticketing.Reconciler.Ops;
using Ticketing.Reconciler.Outbox;
using Ticketing.Reconciler.Tests.Support;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Outbox;
using Ticketing.Scripts.Tickets;

namespace Ticketing.Reconciler.Tests.Outbox;

public sealed class CheckInWriterTests
{
    [Fact]
    public async Task CheckInsReachPostgresOnceEvenWhenTheirEntriesAreDeliveredAgain()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync();
        var order = await harness.Engine.BuyAsync(record.Id, "u1", Sales.Seat("A", 1), Sales.Seat("A", 2));
        var ticket = new TicketRef(order.EventId, order.Tickets[0].TicketId, order.OrderId, order.Tickets[0].SeatId);
        var admitted = Assert.IsType<CheckInOutcome.CheckedIn>(await harness.Engine.CheckInAsync(ticket, "gate-3"));
        Assert.IsType<CheckInOutcome.AlreadyCheckedIn>(await harness.Engine.CheckInAsync(ticket, "gate-4"));
        var outbox = EventKeys.Outbox(order.EventId);
        var entries = await harness.Redis.StreamRangeAsync(outbox);

        var writer = harness.Get<OutboxWriter>();
        Assert.Equal(2, await writer.DrainEventAsync(record.Id, CancellationToken.None));
        // The check-in entry again, as a crash between commit and acknowledgement would redeliver it.
        var checkIn = entries.Single(entry => entry[OutboxKinds.KindField] == OutboxKinds.CheckIn);
        await harness.Redis.StreamAddAsync(outbox, checkIn.Values);
        Assert.Equal(1, await writer.DrainEventAsync(record.Id, CancellationToken.None));

        var row = Assert.Single(await harness.DataSource.QueryListAsync<(string, string, string, string, string, DateTime)>(
            "SELECT ticket_id, order_id, seat_id, holder, scanned_by, checked_in_at FROM ticket_checkins"));
        Assert.Equal((ticket.TicketId, order.OrderId, ticket.SeatId, "u1", "gate-3", admitted.CheckedInAt.UtcDateTime), row);
        Assert.Equal(0, await harness.DataSource.CountAsync("SELECT count(*) FROM alarms"));
    }

    [Fact]
    public async Task ACheckInEntryMissingAFieldIsAnAlarmAndDoesNotBlockTheStream()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync();
        await harness.Redis.StreamAddAsync(EventKeys.Outbox(record.Id.ToString("D")),
            [new NameValueEntry(OutboxKinds.KindField, OutboxKinds.CheckIn), new NameValueEntry(CheckInEntry.TicketIdField, "tkt_x")]);
        await harness.Engine.BuyAsync(record.Id, "u1", Sales.Seat("A", 1));

        Assert.Equal(2, await harness.Get<OutboxWriter>().DrainEventAsync(record.Id, CancellationToken.None));

        Assert.Equal(1, await harness.DataSource.CountAsync("SELECT count(*) FROM orders"));
        Assert.Equal(0, await harness.DataSource.CountAsync("SELECT count(*) FROM ticket_checkins"));
        Assert.Equal(AlarmKinds.MalformedOutboxEntry, Assert.Single(await harness.Get<IOpsQueries>().RecentAlarmsAsync()).Kind);
    }
}
