using Ticketing.Scripts.Orders;
using Ticketing.Scripts.Repair;
using Ticketing.Scripts.Tests.Support;
using Ticketing.Scripts.Tickets;

namespace Ticketing.Scripts.Tests.Engine;

public abstract partial class EngineContract
{
    private static TicketRef RefOf(OrderRecord order, int ticket = 0) =>
        new(order.EventId, order.Tickets[ticket].TicketId, order.OrderId, order.Tickets[ticket].SeatId);

    [Fact]
    public async Task ATicketIsCheckedInOnceAndLaterScansAnswerWhen()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(4));
        var order = await harness.CommittedAsync(await harness.HeldAsync(layout, "u1", "S-1-1", "S-1-2"), "k1");
        var version = await harness.Engine.GetVersionAsync(layout.EventId);

        var admitted = Assert.IsType<CheckInOutcome.CheckedIn>(await harness.Engine.CheckInAsync(RefOf(order), "gate-1"));
        Assert.Equal("u1", admitted.HolderUserId);
        harness.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(admitted.CheckedInAt, Assert.IsType<CheckInOutcome.AlreadyCheckedIn>(await harness.Engine.CheckInAsync(RefOf(order), "gate-1")).CheckedInAt);

        var read = await harness.Engine.CheckedInAtAsync(layout.EventId, [.. order.Tickets.Select(ticket => ticket.TicketId)]);
        Assert.Equal(new Dictionary<string, DateTimeOffset> { [order.Tickets[0].TicketId] = admitted.CheckedInAt }, read);
        // Admission is no seat change: seat maps and feeds do not move.
        Assert.Equal(version, await harness.Engine.GetVersionAsync(layout.EventId));
        Assert.IsType<CheckInOutcome.CheckedIn>(await harness.Engine.CheckInAsync(RefOf(order, 1), "gate-1"));
    }

    [Fact]
    public async Task ConcurrentScansOfOneTicketAdmitItOnce()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(2));
        var order = await harness.CommittedAsync(await harness.HeldAsync(layout, "u1", "S-1-1"), "k1");

        var scans = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => harness.Engine.CheckInAsync(RefOf(order), "gate-1")));

        var admitted = Assert.Single(scans.OfType<CheckInOutcome.CheckedIn>());
        Assert.All(scans.Where(scan => scan is not CheckInOutcome.CheckedIn),
            scan => Assert.Equal(admitted.CheckedInAt, Assert.IsType<CheckInOutcome.AlreadyCheckedIn>(scan).CheckedInAt));
    }

    [Fact]
    public async Task ATicketTheOrderDoesNotHoldIsUnknown()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(4));
        var order = await harness.CommittedAsync(await harness.HeldAsync(layout, "u1", "S-1-1"), "k1");
        var other = await harness.CommittedAsync(await harness.HeldAsync(layout, "u2", "S-1-2"), "k2");
        var ticket = RefOf(order);

        Assert.IsType<CheckInOutcome.UnknownTicket>(await harness.Engine.CheckInAsync(ticket with { SeatId = "S-1-2" }, "gate-1"));
        Assert.IsType<CheckInOutcome.UnknownTicket>(await harness.Engine.CheckInAsync(ticket with { SeatId = "S-1-9" }, "gate-1"));
        Assert.IsType<CheckInOutcome.UnknownTicket>(await harness.Engine.CheckInAsync(ticket with { OrderId = other.OrderId }, "gate-1"));
        Assert.IsType<CheckInOutcome.UnknownTicket>(await harness.Engine.CheckInAsync(ticket with { TicketId = other.Tickets[0].TicketId }, "gate-1"));
        Assert.IsType<CheckInOutcome.UnknownTicket>(await harness.Engine.CheckInAsync(ticket with { EventId = Guid.NewGuid().ToString("D") }, "gate-1"));
        Assert.Empty(await harness.Engine.CheckedInAtAsync(layout.EventId, [ticket.TicketId, other.Tickets[0].TicketId]));
    }

    [Fact]
    public async Task ATicketWhoseSeatLeftItsOrderIsRefundedEvenAfterTheOrderRecordIsPurged()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(4));
        var order = await harness.CommittedAsync(await harness.HeldAsync(layout, "u1", "S-1-1", "S-1-2"), "k1");

        await harness.Engine.RepairSeatsAsync(layout.EventId, [new SeatRepair("S-1-1", null, null)]);
        Assert.IsType<CheckInOutcome.Refunded>(await harness.Engine.CheckInAsync(RefOf(order), "gate-1"));

        // A day on, the order record is purged: the seat still says whose ticket is live.
        harness.Clock.Advance(TimeSpan.FromHours(25));
        await harness.Engine.ExpireDueAsync(layout.EventId);
        Assert.Null(await harness.Engine.GetOrderAsync(order.OrderId));
        Assert.IsType<CheckInOutcome.Refunded>(await harness.Engine.CheckInAsync(RefOf(order), "gate-1"));
        Assert.IsType<CheckInOutcome.CheckedIn>(await harness.Engine.CheckInAsync(RefOf(order, 1), "gate-1"));
        Assert.IsType<CheckInOutcome.AlreadyCheckedIn>(await harness.Engine.CheckInAsync(RefOf(order, 1), "gate-1"));
    }
}
