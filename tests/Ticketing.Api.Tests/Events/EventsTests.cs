using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Api.Tests.Support;

namespace Ticketing.Api.Tests.Events;

public sealed class EventsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task AdminCreatesAnEventThatIsOnSaleWithEverySeatAvailable()
    {
        var created = await api.PostAsync("/api/v1/events", TestLayouts.Small(seatsPerRow: 10), api.NewUser("admin"));

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.String("id");
        Assert.Equal($"/api/v1/events/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("on_sale", created.String("status"));
        Assert.Equal(300, created.Body.GetProperty("hold_ttl_seconds").GetInt32());
        var availability = created.Body.GetProperty("availability");
        Assert.Equal(30, availability.GetProperty("total_seats").GetInt32());
        Assert.Equal(30, availability.GetProperty("available_seats").GetInt32());
        Assert.Equal(0, availability.GetProperty("held_seats").GetInt32());
        Assert.Equal(0, availability.GetProperty("sold_seats").GetInt32());

        var read = await api.GetAsync($"/api/v1/events/{id}");
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal("Test Night", read.String("title"));
        Assert.Equal(2, read.Body.GetProperty("sections").GetArrayLength());
    }

    [Fact]
    public async Task AnInvalidLayoutAnswers400InvalidLayoutWithTheFieldsAtFault()
    {
        var body = TestLayouts.Small();
        body["sections"] = new object[]
        {
            new { id = "FLOOR-1", name = "Floor", price = 10m, rows = new object[] { new { id = "A", seats = 0 } } },
            new { id = "FLOOR-1", name = "", price = -1m, rows = Array.Empty<object>() },
        };

        var answer = await api.PostAsync("/api/v1/events", body, api.NewUser("admin"));

        answer.AssertProblem(HttpStatusCode.BadRequest, "invalid_layout");
        var errors = answer.Body.GetProperty("errors");
        Assert.True(errors.TryGetProperty("sections[0].id", out _));
        Assert.True(errors.TryGetProperty("sections[0].rows[0].seats", out _));
        Assert.True(errors.TryGetProperty("sections[1].price", out _));
    }

    [Fact]
    public async Task InvalidEventFieldsAndMissingFieldsAnswer400InvalidRequest()
    {
        var body = TestLayouts.Small(holdTtlSeconds: 2);
        body["currency"] = "dollars";
        var invalid = await api.PostAsync("/api/v1/events", body, api.NewUser("admin"));
        invalid.AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        Assert.True(invalid.Body.GetProperty("errors").TryGetProperty("currency", out _));
        Assert.True(invalid.Body.GetProperty("errors").TryGetProperty("hold_ttl_seconds", out _));

        var missing = await api.PostAsync("/api/v1/events", new { title = "No layout" }, api.NewUser("admin"));
        missing.AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task OnlyAdminsCreateEvents()
    {
        (await api.PostAsync("/api/v1/events", TestLayouts.Small(), api.NewUser())).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        (await api.PostAsync("/api/v1/events", TestLayouts.Small())).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task ListingSearchesByTitleAndPages()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        for (var i = 0; i < 3; i++)
        {
            await api.CreateEventAsync(TestLayouts.Small(title: $"Search {marker} {i}"));
        }

        var page = await api.GetAsync($"/api/v1/events?q={marker}&page=2&limit=2");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(3, page.Body.GetProperty("meta").GetProperty("total").GetInt32());
        Assert.Equal(2, page.Body.GetProperty("meta").GetProperty("page").GetInt32());
        Assert.Equal(2, page.Body.GetProperty("meta").GetProperty("limit").GetInt32());
        var only = Assert.Single(page.Body.GetProperty("data").EnumerateArray());
        Assert.Contains(marker, only.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(30, only.GetProperty("availability").GetProperty("total_seats").GetInt32());

        (await api.GetAsync("/api/v1/events?limit=1000")).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        (await api.GetAsync("/api/v1/events?page=abc")).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task AnUnknownOrMalformedEventIdAnswers404EventNotFound()
    {
        (await api.GetAsync($"/api/v1/events/{Guid.NewGuid()}")).AssertProblem(HttpStatusCode.NotFound, "event_not_found");
        (await api.GetAsync("/api/v1/events/not-an-id")).AssertProblem(HttpStatusCode.NotFound, "event_not_found");
        (await api.GetAsync($"/api/v1/events/{Guid.NewGuid()}/seatmap")).AssertProblem(HttpStatusCode.NotFound, "event_not_found");
    }

    [Fact]
    public async Task TheSeatMapShowsEverySeatInLayoutOrderAndItsVersionGrowsWithEveryChange()
    {
        var eventId = await api.CreateEventAsync(TestLayouts.Small(seatsPerRow: 3));
        var before = await api.GetAsync($"/api/v1/events/{eventId}/seatmap");
        Assert.Equal(HttpStatusCode.OK, before.Status);
        var floor = before.Body.GetProperty("sections")[0];
        Assert.Equal("FLOOR", floor.GetProperty("id").GetString());
        Assert.Equal("Floor", floor.GetProperty("name").GetString());
        Assert.Equal(100.00m, floor.GetProperty("price").GetDecimal());
        var firstRow = floor.GetProperty("rows")[0];
        Assert.Equal(["FLOOR-A-1", "FLOOR-A-2", "FLOOR-A-3"], firstRow.GetProperty("seats").EnumerateArray().Select(s => s.GetProperty("id").GetString()));

        var user = api.NewUser();
        Assert.Equal(HttpStatusCode.Created, (await api.HoldAsync(eventId, user, "FLOOR-A-2")).Status);

        var after = await api.GetAsync($"/api/v1/events/{eventId}/seatmap");
        Assert.True(after.Body.GetProperty("version").GetInt64() > before.Body.GetProperty("version").GetInt64());
        var statuses = await api.SeatStatusesAsync(eventId);
        Assert.Equal("held", statuses["FLOOR-A-2"]);
        Assert.Equal(8, statuses.Values.Count(status => status == "available"));
        var availability = (await api.GetAsync($"/api/v1/events/{eventId}")).Body.GetProperty("availability");
        Assert.Equal(1, availability.GetProperty("held_seats").GetInt32());
        Assert.Equal(8, availability.GetProperty("available_seats").GetInt32());
    }
}
