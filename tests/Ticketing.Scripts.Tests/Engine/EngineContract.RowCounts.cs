using System.Globalization;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Layout;
using Ticketing.Scripts.Payments;
using Ticketing.Scripts.Repair;
using Ticketing.Scripts.Tests.Support;

namespace Ticketing.Scripts.Tests.Engine;

/// <summary>
/// Best available skips rows by their free-seat counts; these tests prove the counts stay exact
/// under every script that moves a seat, and that seats of elapsed (unswept) holds, which the
/// counts still see as held, are found anyway.
/// </summary>
public abstract partial class EngineContract
{
    [Fact]
    public async Task ASmallHallsRowHashesAreHashTablesFromTheLoad()
    {
        // Five rows: Redis would keep such short hashes as listpacks, searched field by field.
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena());
        var database = Redis.GetDatabase();

        Assert.Equal("hashtable", await database.KeyEncodingAsync(EventKeys.RowFree(layout.EventId)));
        Assert.Equal("hashtable", await database.KeyEncodingAsync(EventKeys.RowAt(layout.EventId)));
    }

    [Fact]
    public async Task RowFreeCountsEqualARecountAfterARandomMixOfOperations()
    {
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena(maxSeatsPerHold: 4, maxTicketsPerUser: 8));
        var engine = harness.Engine;
        var seatIds = layout.Sections.SelectMany(section => section.Rows.SelectMany(row =>
            Enumerable.Range(1, row.Seats).Select(number => $"{section.Id}-{row.Id}-{number}"))).ToArray();
        var holds = new List<HoldView>();
        string User() => "u" + random.Next(8);
        int Ttl() => random.Next(1, 7) * 10;

        for (var step = 0; step < 120; step++)
        {
            switch (random.Next(7))
            {
                case 0:
                    var wanted = Enumerable.Range(0, random.Next(1, 4)).Select(_ => seatIds[random.Next(seatIds.Length)]).Distinct().ToArray();
                    Keep(await engine.HoldSeatsAsync(new HoldSeatsRequest(layout.EventId, User(), Guid.NewGuid().ToString(), wanted, Ttl())));
                    break;
                case 1:
                    string? section = random.Next(3) switch { 0 => "FLOOR", 1 => "BALCONY", _ => null };
                    Keep(await engine.HoldBestAvailableAsync(new HoldBestAvailableRequest(
                        layout.EventId, User(), Guid.NewGuid().ToString(), random.Next(1, 5), section, random.Next(2) == 0, Ttl())));
                    break;
                case 2 when holds.Count > 0:
                    var released = holds[random.Next(holds.Count)];
                    await engine.ReleaseAsync(released.HoldId, released.UserId);
                    break;
                case 3 when holds.Count > 0:
                    var bought = holds[random.Next(holds.Count)];
                    var key = Guid.NewGuid().ToString();
                    if (await engine.BeginPaymentAsync(bought.HoldId, bought.UserId, key, 60) is BeginPaymentOutcome.Ready ready)
                    {
                        await engine.CommitAsync(EngineHarness.CommitOf(ready.Hold, key));
                    }

                    break;
                case 4:
                    harness.Clock.Advance(TimeSpan.FromSeconds(random.Next(0, 40)));
                    break;
                case 5:
                    await engine.ExpireDueAsync(layout.EventId);
                    break;
                case 6:
                    var repaired = seatIds[random.Next(seatIds.Length)];
                    var repair = random.Next(2) == 0
                        ? new SeatRepair(repaired, EntityIds.NewOrderId(layout.EventId), "buyer")
                        : new SeatRepair(repaired, null, null);
                    await engine.RepairSeatsAsync(layout.EventId, [repair]);
                    break;
            }

            try
            {
                await EngineAssertions.CountersMatchRecountAsync(engine, Redis, layout.EventId);
            }
            catch (Exception failure)
            {
                throw new InvalidOperationException($"counts differ from a recount after step {step} (seed {seed})", failure);
            }
        }

        void Keep(HoldOutcome outcome)
        {
            if (outcome is HoldOutcome.Held held)
            {
                holds.Add(held.Hold);
            }
        }
    }

    [Fact]
    public async Task BestAvailablePrefersAFrontRowFreedOnlyByAnElapsedHold()
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.Arena(floorRows: 2, seatsPerRow: 4));
        await harness.Engine.HoldSeatsAsync(new HoldSeatsRequest(layout.EventId, "u1", "c1", ["FLOOR-A-1", "FLOOR-A-2", "FLOOR-A-3", "FLOOR-A-4"], 10));
        harness.Clock.Advance(TimeSpan.FromSeconds(11));

        // By the counts row A is full; its seats are free all the same, and it is in front of row B.
        Assert.Equal(["FLOOR-A-1", "FLOOR-A-2", "FLOOR-A-3", "FLOOR-A-4"], await BestSeatsAsync(harness, layout, 4, section: "FLOOR"));
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task BestAvailableFindsSeatsOfManyElapsedHoldsInAHallTheCountsSeeAsFull()
    {
        const int seats = 80;
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(seats));
        await Task.WhenAll(Enumerable.Range(1, seats).Select(number =>
            harness.Engine.HoldSeatsAsync(new HoldSeatsRequest(layout.EventId, $"u{number}", "c", [$"S-1-{number}"], 10))));
        Assert.Equal(seats, (await harness.Engine.GetAvailabilityAsync(layout.EventId))!.HeldSeats);
        harness.Clock.Advance(TimeSpan.FromSeconds(11));

        // More elapsed holds than one run decodes: every row is read rather than trusted by count.
        Assert.Equal(["S-1-1", "S-1-2", "S-1-3"], await BestSeatsAsync(harness, layout, 3));
        Assert.Equal(["S-1-4", "S-1-5"], await BestSeatsAsync(harness, layout, 2, adjacent: false));
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }

    [Fact]
    public async Task BestAvailableKeepsFrontRowsFirstAcrossAHallOfManyRows()
    {
        // 3 sections of 30 two-seat rows: 90 rows, more than hold_best reads at once.
        var harness = NewHarness();
        var sections = new[] { "NORTH", "EAST", "SOUTH" }
            .Select(id => new SectionLayout(id, id, 20m, [.. Enumerable.Range(1, 30).Select(row => new RowLayout(row.ToString(CultureInfo.InvariantCulture), 2))]))
            .ToArray();
        var layout = await harness.LoadAsync(new EventLayout(Guid.NewGuid().ToString("D"), "USD", 300, 4, 4, 1, sections));
        var expected = Enumerable.Range(1, 30).SelectMany(row => sections.Select(section => $"{section.Id}-{row}")).ToArray();

        foreach (var row in expected)
        {
            Assert.Equal([$"{row}-1", $"{row}-2"], await BestSeatsAsync(harness, layout, 2));
        }

        Assert.Equal(new HoldOutcome.NotEnoughSeats(1), await BestAsync(harness, layout, "late", 1));
        await EngineAssertions.CountersMatchRecountAsync(harness.Engine, Redis, layout.EventId);
    }
}
