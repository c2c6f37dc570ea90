using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ticketing.Api.Tests.Support;

namespace Ticketing.Api.Tests.Fuzzing;

/// <summary>The malformed requests the fuzz test found answering 500 or a bare status, kept as plain cases.</summary>
public sealed class MalformedRequestTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("text/html")]
    [InlineData("application/xml")]
    public async Task ErrorsAreProblemDocumentsWhateverTheClientAccepts(string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri("/api/v1/me/orders", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", api.NewUser().Token);
        request.Headers.Accept.ParseAdd(accept);

        (await SendAsync(request)).AssertProblem(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("{\"client_reservation_id\":\"550e8400-e29b-41d4-a716-446655440000\",\"seat_ids\":[\"FLOOR-A-1\"]}")]
    public async Task AJsonRouteCalledWithoutAContentTypeAnswers415(string? body)
    {
        var eventId = await api.CreateEventAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/events/{eventId}/reservations", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", api.NewUser().Token);
        request.Content = body is null ? null : new ByteArrayContent(Encoding.UTF8.GetBytes(body));

        (await SendAsync(request)).AssertProblem(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        Assert.Equal("available", (await api.SeatStatusesAsync(eventId))["FLOOR-A-1"]);
    }

    [Theory]
    [InlineData("application/json; charset=bogus")]
    [InlineData("application/json; charset=\"utf-8\"")]
    public async Task JsonInACharsetNoEncodingHasAnswers415(string contentType)
    {
        var eventId = await api.CreateEventAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/events/{eventId}/reservations", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", api.NewUser().Token);
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { client_reservation_id = Guid.NewGuid(), seat_ids = new[] { "FLOOR-A-1" } })));
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        (await SendAsync(request)).AssertProblem(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        Assert.Equal("available", (await api.SeatStatusesAsync(eventId))["FLOOR-A-1"]);
    }

    [Fact]
    public async Task ASearchForANulCharacterIsABadRequest()
    {
        (await api.GetAsync("/api/v1/events?q=a%00b")).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task ACommitWhoseBodyIsNullIsABadRequestAndTheHoldStays()
    {
        var eventId = await api.CreateEventAsync();
        var buyer = api.NewUser();
        var hold = (await api.HoldAsync(eventId, buyer, "FLOOR-A-1")).String("reservation_id");

        (await api.PostAsync($"/api/v1/reservations/{hold}/commit", "null", buyer)).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal("held", (await api.SeatStatusesAsync(eventId))["FLOOR-A-1"]);
    }

    [Fact]
    public async Task ASeatFeedOpenedWithASignedTokenWithoutSubjectServesTheFeed()
    {
        var eventId = await api.CreateEventAsync();
        var token = FuzzTokens.WithoutSubject(api);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/v1/events/{eventId}/seats/stream", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await api.Server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<ApiResponse> SendAsync(HttpRequestMessage request)
    {
        using var response = await api.Server.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ApiResponse(response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response.Headers,
            response.Content.Headers.ContentType?.MediaType);
    }
}
