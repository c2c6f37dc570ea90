using Ticketing.Persistence.Events;
using Ticketing.Reconciler.Tests.Support;
using Ticketing.Scripts.Layout;

namespace Ticketing.Reconciler.Tests.Events;

public sealed class EventRepositoryTests
{
    [Fact]
    public async Task CreatedEventReadsBackWithItsLayoutInOrder()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var repository = harness.Get<IEventRepository>();

        var created = await repository.CreateAsync(new NewEvent("Stadium Night", "Arena", new DateTimeOffset(2026, 12, 31, 20, 0, 0, TimeSpan.Zero),
            "USD", 300, 6, 4, 2,
            [
                new SectionLayout("FLOOR", "Floor", 299.99m, [new RowLayout("B", 30), new RowLayout("A", 20)]),
                new SectionLayout("BALCONY", "Balcony", 49.50m, [new RowLayout("1", 12)]),
            ]));
        var read = await repository.GetAsync(created.Id);

        Assert.NotNull(read);
        Assert.Equal("on_sale", read.Status);
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 20, 0, 0, TimeSpan.Zero), read.StartsAt);
        Assert.Equal((6, 4, 2, 300), (read.MaxSeatsPerHold, read.MaxTicketsPerUser, read.MaxExtensions, read.HoldTtlSeconds));
        Assert.Equal(["FLOOR", "BALCONY"], read.Sections.Select(s => s.Id));
        Assert.Equal(["B", "A"], read.Sections[0].Rows.Select(r => r.Id));
        Assert.Equal(299.99m, read.Sections[0].Price);
        Assert.Equal(62, read.ToLayout().TotalSeats);
    }

    [Fact]
    public async Task UnknownEventIsNull()
    {
        await using var harness = await ReconcilerHarness.StartAsync();

        Assert.Null(await harness.Get<IEventRepository>().GetAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task SearchMatchesTitleOrVenueSoonestFirstAndPages()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var repository = harness.Get<IEventRepository>();
        var start = DateTimeOffset.UtcNow.AddDays(10);
        foreach (var (title, venue, days) in new[] { ("Rock Night", "Arena", 3), ("Jazz 50% off", "Club", 1), ("Opera", "Rock Hall", 2), ("Ballet", "Theatre", 0) })
        {
            await repository.CreateAsync(new NewEvent(title, venue, start.AddDays(days), "EUR", 300, 8, 8, 1,
                [new SectionLayout("S", "Stalls", 10m, [new RowLayout("1", 5)])]));
        }

        var rock = await repository.SearchAsync("rock", page: 1, limit: 10);
        var firstPage = await repository.SearchAsync(null, page: 1, limit: 3);
        var secondPage = await repository.SearchAsync(null, page: 2, limit: 3);
        var percent = await repository.SearchAsync("50%", page: 1, limit: 10);
        var wildcardOnly = await repository.SearchAsync("%", page: 1, limit: 10);

        Assert.Equal(["Opera", "Rock Night"], rock.Items.Select(e => e.Title));
        Assert.Equal(2, rock.Total);
        Assert.Equal(["Ballet", "Jazz 50% off", "Opera"], firstPage.Items.Select(e => e.Title));
        Assert.Equal(["Rock Night"], secondPage.Items.Select(e => e.Title));
        Assert.Equal(4, secondPage.Total);
        Assert.Equal(["Jazz 50% off"], percent.Items.Select(e => e.Title));
        Assert.Equal(["Jazz 50% off"], wildcardOnly.Items.Select(e => e.Title));
        Assert.All(firstPage.Items, e => Assert.Single(e.Sections));
    }

    [Fact]
    public async Task ListOnSaleNamesEveryCreatedEvent()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        var first = await harness.CreateEventOnSaleAsync();
        var second = await harness.CreateEventOnSaleAsync();

        var onSale = await harness.Get<IEventRepository>().ListOnSaleAsync();

        Assert.Equal(new[] { first.Id, second.Id }.Order(), onSale.Order());
    }
}
