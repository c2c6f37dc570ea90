using System.Net;
using Ticketing.Api.Tests.Support;

namespace Ticketing.Api.Tests.Reservations;

public sealed class HoldRaceTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const int Clients = 500;

    [Fact]
    public async Task FiveHundredConcurrentClientsNeverGetTheSameSeatAndTheSeatMapAgreesWithTheSuccesses()
    {
        // 60 seats: FLOOR rows A and B and BALCONY row A, 20 seats each.
        var eventId = await api.CreateEventAsync(TestLayouts.Small(seatsPerRow: 20, maxSeatsPerHold: 4, maxTicketsPerUser: 4));
        var seats = (await api.SeatStatusesAsync(eventId)).Keys.ToArray();
        Assert.Equal(60, seats.Length);
        var random = new Random(4711);
        var requests = Enumerable.Range(0, Clients)
            .Select(_ => random.GetItems(seats, random.Next(1, 5)).Distinct().ToArray())
            .ToArray();
        var users = requests.Select(_ => api.NewUser()).ToArray();
        using var start = new SemaphoreSlim(0);

        var racers = requests.Select(async (seatIds, i) =>
        {
            await start.WaitAsync();
            return (Seats: seatIds, Answer: await api.HoldAsync(eventId, users[i], seatIds));
        }).ToList();
        start.Release(Clients);
        var answers = await Task.WhenAll(racers);

        Assert.All(answers, pair => Assert.Contains(pair.Answer.Status, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        var won = answers.Where(pair => pair.Answer.Status == HttpStatusCode.Created).ToList();
        Assert.NotEmpty(won);
        var heldSeats = won.SelectMany(pair => pair.Answer.Body.GetProperty("seats").EnumerateArray().Select(seat => seat.GetProperty("id").GetString()!)).ToList();
        Assert.Equal(heldSeats.Count, heldSeats.Distinct().Count());
        Assert.All(won, pair => Assert.Equal(pair.Seats.Order(), pair.Answer.Body.GetProperty("seats").EnumerateArray().Select(s => s.GetProperty("id").GetString()).Order()));
        Assert.All(answers.Where(pair => pair.Answer.Status == HttpStatusCode.Conflict),
            pair => Assert.NotEmpty(pair.Answer.Strings("unavailable_seats").Intersect(heldSeats)));

        var map = await api.SeatStatusesAsync(eventId);
        Assert.Equal(heldSeats.Order(), map.Where(seat => seat.Value == "held").Select(seat => seat.Key).Order());
        var availability = (await api.GetAsync($"/api/v1/events/{eventId}")).Body.GetProperty("availability");
        Assert.Equal(heldSeats.Count, availability.GetProperty("held_seats").GetInt32());
        Assert.Equal(60 - heldSeats.Count, availability.GetProperty("available_seats").GetInt32());
    }
}
