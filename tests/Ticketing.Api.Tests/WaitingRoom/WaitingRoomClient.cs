using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ticketing.Api.Auth;
using Ticketing.Api.Tests.Support;
using Ticketing.TestSupport;

namespace Ticketing.Api.Tests.WaitingRoom;

/// <summary>The waiting room's routes as a fan and an operator call them.</summary>
public static class WaitingRoomClient
{
    public static async Task<ApiResponse> ConfigureRoomAsync(this ApiFixture api, string eventId, object settings)
    {
        var answer = await api.SendAsync(HttpMethod.Put, $"/api/v1/events/{eventId}/waiting-room", api.NewUser(ApiClaims.AdminRole), settings);
        return answer;
    }

    /// <summary>An event behind an open (FIFO) room, once this process's copy of the room has been read.</summary>
    public static async Task<string> CreateEventBehindRoomAsync(this ApiFixture api, int admitPerSecond = 100, int maxActive = 1000)
    {
        var eventId = await api.CreateEventAsync();
        var configured = await api.ConfigureRoomAsync(eventId, new { enabled = true, admit_per_second = admitPerSecond, max_active = maxActive });
        Assert.True(configured.Status == HttpStatusCode.OK, $"{configured.Status}: {configured.Body}");
        await Eventually.HoldsAsync(async () => (await api.GetAsync($"/api/v1/events/{eventId}/queue/status")).Status == HttpStatusCode.OK);
        return eventId;
    }

    public static Task<ApiResponse> JoinAsync(this ApiFixture api, string eventId, TestUser fan) =>
        api.PostAsync($"/api/v1/events/{eventId}/queue", null, fan);

    public static Task<ApiResponse> PollAsync(this ApiFixture api, string eventId, string queueToken) =>
        api.GetAsync($"/api/v1/events/{eventId}/queue/{queueToken}");

    /// <summary>A hold of one seat (or of <paramref name="body"/>) sending <paramref name="admissionToken"/> (none when null).</summary>
    public static async Task<ApiResponse> HoldWithAdmissionAsync(
        this ApiFixture api, string eventId, TestUser fan, string? admissionToken, string seat = "FLOOR-A-1", object? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/events/{eventId}/reservations", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fan.Token);
        if (admissionToken is not null)
        {
            request.Headers.Add("X-Admission-Token", admissionToken);
        }

        request.Content = new StringContent(JsonSerializer.Serialize(body ?? new { client_reservation_id = Guid.NewGuid(), seat_ids = new[] { seat } }),
            Encoding.UTF8, "application/json");
        using var response = await api.Server.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ApiResponse(response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(),
            response.Headers, response.Content.Headers.ContentType?.MediaType);
    }
}
