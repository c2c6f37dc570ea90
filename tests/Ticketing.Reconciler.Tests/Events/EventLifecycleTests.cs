using Dapper;
using Microsoft.Extensions.Time.Testing;
using Ticketing.Persistence.Events;
using Ticketing.Reconciler.Events;
using Ticketing.Reconciler.Jobs;
using Ticketing.Reconciler.Tests.Support;
using Ticketing.Scripts.Blocks;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Lifecycle;
using Ticketing.Scripts.SeatMap;
using Ticketing.TestSupport;

namespace Ticketing.Reconciler.Tests.Events;

/// <summary>The lifecycle as PostgreSQL keeps it, the opening job, and what a rebuild of Redis restores.</summary>
public sealed class EventLifecycleTests
{
    private static readonly string[] Statuses = [.. SaleStatuses.All];

    /// <summary>Every (from, to) pair of statuses, with whether the lifecycle allows the move.</summary>
    public static TheoryData<string, string, bool> Moves()
    {
        var allowed = new HashSet<(string, string)>
        {
            ("draft", "scheduled"), ("draft", "on_sale"), ("draft", "cancelled"),
            ("scheduled", "draft"), ("scheduled", "on_sale"), ("scheduled", "cancelled"),
            ("on_sale", "paused"), ("on_sale", "closed"), ("on_sale", "cancelled"),
            ("paused", "on_sale"), ("paused", "closed"), ("paused", "cancelled"),
            ("closed", "cancelled"),
        };
        var data = new TheoryData<string, string, bool>();
        foreach (var from in Statuses)
        {
            foreach (var to in Statuses.Where(to => to != from))
            {
                data.Add(from, to, allowed.Contains((from, to)));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Moves))]
    public async Task EachMoveIsAllowedOrRefusedByTheLifecycle(string from, string to, bool allowed)
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync(rows: 1, seatsPerRow: 2);
        var opensAt = new DateTimeOffset(2031, 1, 1, 10, 0, 0, TimeSpan.Zero);
        await using (var connection = await harness.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE events SET status = @from, opens_at = @opensAt WHERE id = @id",
                new { from, opensAt = opensAt.UtcDateTime, id = record.Id });
        }

        var update = await harness.Get<IEventRepository>().UpdateAsync(record.Id, new EventChanges(Status: to, Title: "Renamed"));

        var stored = (await harness.Get<IEventRepository>().GetAsync(record.Id))!;
        if (allowed)
        {
            Assert.Equal(from, Assert.IsType<EventUpdate.Updated>(update).PreviousStatus);
            Assert.Equal((to, "Renamed"), (stored.Status, stored.Title));
        }
        else
        {
            Assert.Equal(new EventUpdate.InvalidTransition(from, to), update);
            Assert.Equal((from, "Stadium Night"), (stored.Status, stored.Title));
        }
    }

    [Fact]
    public async Task SchedulingWithoutAnOpeningTimeChangesNothing()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var repository = harness.Get<IEventRepository>();
        var record = await CreateAsync(harness, SaleStatuses.Draft, null);

        Assert.IsType<EventUpdate.OpensAtRequired>(await repository.UpdateAsync(record.Id, new EventChanges(Status: SaleStatuses.Scheduled)));
        Assert.Equal(SaleStatuses.Draft, (await repository.GetAsync(record.Id))!.Status);
    }

    [Fact]
    public async Task TheOpeningJobOpensAScheduledSaleWhenItsTimeComes()
    {
        // Opening an hour from now by Redis' clock: holds pass only once the job has flipped the status.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await ReconcilerHarness.StartAsync(time: time);
        var opensAt = time.GetUtcNow().AddHours(1);
        var record = await CreateAsync(harness, SaleStatuses.Scheduled, opensAt);
        var eventId = record.Id.ToString("D");
        var opener = harness.Get<SaleOpener>();

        time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await opener.OpenDueAsync(CancellationToken.None));
        Assert.IsType<HoldOutcome.NotOnSale>(await harness.Engine.HoldSeatsAsync(new HoldSeatsRequest(eventId, "u1", "c1", [Sales.Seat("A", 1)], null)));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await opener.OpenDueAsync(CancellationToken.None));
        Assert.Equal(0, await opener.OpenDueAsync(CancellationToken.None));

        Assert.Equal(SaleStatuses.OnSale, (await harness.Get<IEventRepository>().GetAsync(record.Id))!.Status);
        Assert.Equal(SaleStatuses.OnSale, (await harness.Engine.GetSaleAsync(eventId))!.Status);
        Assert.IsType<HoldOutcome.Held>(await harness.Engine.HoldSeatsAsync(new HoldSeatsRequest(eventId, "u1", "c1", [Sales.Seat("A", 1)], null)));
    }

    [Fact]
    public async Task ThePresenceCheckWritesPostgresStatusBackIntoRedis()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var record = await harness.CreateEventOnSaleAsync(rows: 1, seatsPerRow: 2);
        // The admin's change reached PostgreSQL but not Redis.
        await harness.Get<IEventRepository>().UpdateAsync(record.Id, new EventChanges(Status: SaleStatuses.Paused));

        await harness.Get<EventPresenceChecker>().LoadMissingAsync(CancellationToken.None);

        Assert.Equal(SaleStatuses.Paused, (await harness.Engine.GetSaleAsync(record.Id.ToString("D")))!.Status);
    }

    [Fact]
    public async Task ARebuildFromPostgresRestoresTheStatusAndTheSeatBlocks()
    {
        await using var redis = await RedisServer.StartAsync(appendFsync: "everysec");
        await using var harness = await ReconcilerHarness.StartAsync(redis);
        var repository = harness.Get<IEventRepository>();
        var record = await harness.CreateEventOnSaleAsync(rows: 1, seatsPerRow: 4);
        var eventId = record.Id.ToString("D");
        string[] seats = [Sales.Seat("A", 1), Sales.Seat("A", 2)];
        var block = Assert.IsType<BlockOutcome.Blocked>(await harness.Engine.BlockSeatsAsync(eventId, seats, "camera"));
        await repository.AddSeatBlockAsync(record.Id, block.BlockId, "camera", seats);
        await repository.UpdateAsync(record.Id, new EventChanges(Status: SaleStatuses.Paused));

        await harness.Redis.ExecuteAsync("FLUSHALL");
        Assert.Equal(1, await harness.Get<EventPresenceChecker>().LoadMissingAsync(CancellationToken.None));

        Assert.Equal(SaleStatuses.Paused, (await harness.Engine.GetSaleAsync(eventId))!.Status);
        var statuses = (await harness.Engine.SeatStatusesAsync(eventId))!.Seats.Select(seat => seat.Status);
        Assert.Equal([SeatStatus.Blocked, SeatStatus.Blocked, SeatStatus.Available, SeatStatus.Available], statuses);
        Assert.Equal(2, (await harness.Engine.GetAvailabilityAsync(eventId))!.BlockedSeats);
        Assert.IsType<UnblockOutcome.Unblocked>(await harness.Engine.UnblockSeatsAsync(eventId, block.BlockId));
    }

    private static async Task<EventRecord> CreateAsync(ReconcilerHarness harness, string status, DateTimeOffset? opensAt)
    {
        var record = await harness.Get<IEventRepository>().CreateAsync(new NewEvent(
            "Stadium Night", "Arena", DateTimeOffset.UtcNow.AddDays(30), "USD", 300, 8, 8, 1,
            [new Scripts.Layout.SectionLayout("FLOOR", "Floor", 120.50m, [new Scripts.Layout.RowLayout("A", 4)])])
        {
            Status = status,
            OpensAt = opensAt,
        });
        Assert.True(await harness.Get<IEventLoader>().EnsureLoadedAsync(record));
        return record;
    }
}
