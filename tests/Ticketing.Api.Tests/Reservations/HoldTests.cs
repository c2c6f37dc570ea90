using System.Net;
using Ticketing.Api.Tests.Support;

namespace Ticketing.Api.Tests.Reservations;

public sealed class HoldTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task HoldingNamedSeatsAnswers201WithSeatsPricesAndExpiry()
    {
        var eventId = await api.CreateEventAsync();
        var user = api.NewUser();

        var held = await api.PostAsync($"/api/v1/events/{eventId}/reservations",
            new { client_reservation_id = Guid.NewGuid(), seat_ids = new[] { "FLOOR-A-1", "BALCONY-A-1" }, ttl_seconds = 60 }, user);

        Assert.Equal(HttpStatusCode.Created, held.Status);
        Assert.Equal($"/api/v1/reservations/{held.String("reservation_id")}", held.Headers.Location?.OriginalString);
        Assert.Equal(eventId, held.String("event_id"));
        Assert.Equal("held", held.String("status"));
        Assert.Equal(140.50m, held.Body.GetProperty("total_price").GetDecimal());
        Assert.Equal("USD", held.String("currency"));
        Assert.Equal(1, held.Body.GetProperty("extensions_remaining").GetInt32());
        var expiresIn = held.Body.GetProperty("expires_at").GetDateTimeOffset() - DateTimeOffset.UtcNow;
        Assert.InRange(expiresIn.TotalSeconds, 30, 90);
        var seat = held.Body.GetProperty("seats")[0];
        Assert.Equal("FLOOR-A-1", seat.GetProperty("id").GetString());
        Assert.Equal("FLOOR", seat.GetProperty("section").GetString());
        Assert.Equal("A", seat.GetProperty("row").GetString());
        Assert.Equal(1, seat.GetProperty("number").GetInt32());
        Assert.Equal(100m, seat.GetProperty("price").GetDecimal());
    }

    [Fact]
    public async Task TheSameClientReservationIdReplaysTheFirstHoldWith200()
    {
        var eventId = await api.CreateEventAsync();
        var user = api.NewUser();
        var body = new { client_reservation_id = Guid.NewGuid(), seat_ids = new[] { "FLOOR-A-1" } };

        var first = await api.PostAsync($"/api/v1/events/{eventId}/reservations", body, user);
        var again = await api.PostAsync($"/api/v1/events/{eventId}/reservations", body, user);

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(first.String("reservation_id"), again.String("reservation_id"));
        Assert.Equal(1, (await api.SeatStatusesAsync(eventId)).Values.Count(status => status == "held"));
    }

    [Fact]
    public async Task SeatsHeldBySomeoneElseAnswer409NamingThemAndHoldNothing()
    {
        var eventId = await api.CreateEventAsync();
        await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-2");

        var answer = await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-1", "FLOOR-A-2");

        answer.AssertProblem(HttpStatusCode.Conflict, "seat_unavailable");
        Assert.Equal(["FLOOR-A-2"], answer.Strings("unavailable_seats"));
        Assert.Equal("available", (await api.SeatStatusesAsync(eventId))["FLOOR-A-1"]);
    }

    [Fact]
    public async Task BestAvailablePicksAdjacentSeatsNearestTheFront()
    {
        var eventId = await api.CreateEventAsync();
        await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-2");

        var held = await api.PostAsync($"/api/v1/events/{eventId}/reservations",
            new { best_available = new { quantity = 3, section_id = "FLOOR", adjacent = true } }, api.NewUser());

        Assert.Equal(HttpStatusCode.Created, held.Status);
        var seats = held.Body.GetProperty("seats").EnumerateArray().ToList();
        Assert.Equal(3, seats.Count);
        Assert.All(seats, seat => Assert.Equal("FLOOR", seat.GetProperty("section").GetString()));
        Assert.Single(seats.Select(seat => seat.GetProperty("row").GetString()).Distinct());
        var numbers = seats.Select(seat => seat.GetProperty("number").GetInt32()).Order().ToList();
        Assert.Equal(numbers[0] + 2, numbers[2]);
        Assert.DoesNotContain(2, numbers.Where(_ => seats[0].GetProperty("row").GetString() == "A"));
    }

    [Fact]
    public async Task BestAvailableWithTooFewFreeSeatsAnswers409NotEnoughSeats()
    {
        var eventId = await api.CreateEventAsync(TestLayouts.Small(seatsPerRow: 2));

        var answer = await api.PostAsync($"/api/v1/events/{eventId}/reservations",
            new { best_available = new { quantity = 3, section_id = "BALCONY", adjacent = true } }, api.NewUser());

        answer.AssertProblem(HttpStatusCode.Conflict, "not_enough_seats");
    }

    [Fact]
    public async Task SeatsOutsideTheLayoutAnswer422UnknownSeats()
    {
        var eventId = await api.CreateEventAsync();

        var absent = await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-1", "FLOOR-Z-1");
        var malformed = await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-1", "not a seat");

        absent.AssertProblem(HttpStatusCode.UnprocessableEntity, "unknown_seats");
        Assert.Equal(["FLOOR-Z-1"], absent.Strings("unknown_seats"));
        malformed.AssertProblem(HttpStatusCode.UnprocessableEntity, "unknown_seats");
        Assert.Equal(["not a seat"], malformed.Strings("unknown_seats"));
        Assert.Equal("available", (await api.SeatStatusesAsync(eventId))["FLOOR-A-1"]);
    }

    [Fact]
    public async Task ASeatNamedTwiceAnswers422DuplicateSeats()
    {
        var eventId = await api.CreateEventAsync();

        var answer = await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-1", "FLOOR-A-1");

        answer.AssertProblem(HttpStatusCode.UnprocessableEntity, "duplicate_seats");
        Assert.Equal(["FLOOR-A-1"], answer.Strings("duplicate_seats"));
    }

    [Fact]
    public async Task MoreSeatsThanTheEventOrTheApiAllowsAnswer422TooManySeats()
    {
        var eventId = await api.CreateEventAsync(TestLayouts.Small(maxSeatsPerHold: 4));

        var overEvent = await api.HoldAsync(eventId, api.NewUser(), "FLOOR-A-1", "FLOOR-A-2", "FLOOR-A-3", "FLOOR-A-4", "FLOOR-A-5");
        var overApi = await api.HoldAsync(eventId, api.NewUser(), [.. Enumerable.Range(1, 51).Select(n => $"FLOOR-A-{n}")]);

        overEvent.AssertProblem(HttpStatusCode.UnprocessableEntity, "too_many_seats");
        Assert.Equal(4, overEvent.Body.GetProperty("max_seats_per_hold").GetInt32());
        overApi.AssertProblem(HttpStatusCode.UnprocessableEntity, "too_many_seats");
        Assert.All((await api.SeatStatusesAsync(eventId)).Values, status => Assert.Equal("available", status));
    }

    [Fact]
    public async Task HoldingPastTheTicketLimitPerUserAnswers422()
    {
        var eventId = await api.CreateEventAsync(TestLayouts.Small(maxSeatsPerHold: 4, maxTicketsPerUser: 6));
        var user = api.NewUser();
        Assert.Equal(HttpStatusCode.Created, (await api.HoldAsync(eventId, user, "FLOOR-A-1", "FLOOR-A-2", "FLOOR-A-3", "FLOOR-A-4")).Status);

        var answer = await api.HoldAsync(eventId, user, "FLOOR-B-1", "FLOOR-B-2", "FLOOR-B-3");

        answer.AssertProblem(HttpStatusCode.UnprocessableEntity, "ticket_limit_exceeded");
        Assert.Equal(6, answer.Body.GetProperty("max_tickets_per_user").GetInt32());
        Assert.Equal(HttpStatusCode.Created, (await api.HoldAsync(eventId, user, "FLOOR-B-1", "FLOOR-B-2")).Status);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(3601)]
    [InlineData(-1)]
    public async Task ATtlOutside5To3600SecondsAnswers422InvalidTtl(int ttl)
    {
        var eventId = await api.CreateEventAsync();

        var answer = await api.PostAsync($"/api/v1/events/{eventId}/reservations", new { seat_ids = new[] { "FLOOR-A-1" }, ttl_seconds = ttl }, api.NewUser());

        answer.AssertProblem(HttpStatusCode.UnprocessableEntity, "invalid_ttl");
    }

    [Fact]
    public async Task AnUnknownEventAnswers404EventNotFound()
    {
        (await api.HoldAsync(Guid.NewGuid().ToString(), api.NewUser(), "FLOOR-A-1")).AssertProblem(HttpStatusCode.NotFound, "event_not_found");
        (await api.HoldAsync("nope", api.NewUser(), "FLOOR-A-1")).AssertProblem(HttpStatusCode.NotFound, "event_not_found");
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("""{"seat_ids": "FLOOR-A-1"}""")]
    [InlineData("""{"seat_ids": [1, 2]}""")]
    [InlineData("""{"seat_ids": ["FLOOR-A-1"], "ttl_seconds": "sixty"}""")]
    [InlineData("""{"seat_ids": []}""")]
    [InlineData("""{}""")]
    [InlineData("""{"seat_ids": ["FLOOR-A-1"], "best_available": {"quantity": 1}}""")]
    [InlineData("""{"best_available": {"quantity": 0}}""")]
    [InlineData("""{"best_available": {}}""")]
    [InlineData("""{"seat_ids": null}""")]
    public async Task AMalformedBodyAnswers400AndHoldsNothing(string body)
    {
        var eventId = await api.CreateEventAsync();

        var answer = await api.PostAsync($"/api/v1/events/{eventId}/reservations", body, api.NewUser());

        answer.AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        Assert.All((await api.SeatStatusesAsync(eventId)).Values, status => Assert.Equal("available", status));
    }

    [Fact]
    public async Task ABodyOverTheSizeLimitAnswers413()
    {
        var eventId = await api.CreateEventAsync();
        var huge = $$"""{"seat_ids": ["FLOOR-A-1"], "client_reservation_id": "{{new string('x', 300_000)}}"}""";

        var answer = await api.PostAsync($"/api/v1/events/{eventId}/reservations", huge, api.NewUser());

        answer.AssertProblem(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task HoldingWithoutAValidTokenAnswers401()
    {
        var eventId = await api.CreateEventAsync();

        var anonymous = await api.HoldAsync(eventId, null!, "FLOOR-A-1");
        var forged = await api.HoldAsync(eventId, new TestUser("mallory", api.NewUser().Token[..^4] + "AAAA"), "FLOOR-A-1");

        anonymous.AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains("Bearer", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        forged.AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }
}
