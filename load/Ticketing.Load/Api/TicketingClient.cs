using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ticketing.Load.Measurement;

namespace Ticketing.Load.Api;

/// <summary>
/// The HTTP calls of the load scenarios. Every call is timed and its outcome counted in the
/// <see cref="Recorder"/> under the operation name, so scenarios read as the user journey only.
/// </summary>
public sealed class TicketingClient(HttpClient http, Recorder recorder)
{
    /// <summary>The header that carries a waiting room's admission on reservation calls.</summary>
    public const string AdmissionHeader = "X-Admission-Token";

    public Recorder Recorder => recorder;

    public static HttpClient CreateHttpClient(Uri baseUrl, int connections) => CreateHttpClient([baseUrl], connections);

    /// <summary>One Api, or several taken in turn (<see cref="ApiRotation"/>), as behind a load balancer.</summary>
    public static HttpClient CreateHttpClient(IReadOnlyList<Uri> apis, int connections)
    {
        HttpMessageHandler handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        };
        if (apis.Count > 1)
        {
            handler = new ApiRotation(apis) { InnerHandler = handler };
        }

        return new HttpClient(handler)
        {
            BaseAddress = apis[0],
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public Task<ApiResult<DevTokenResponse>> DevTokenAsync(string userId, string role, CancellationToken cancellationToken) =>
        SendAsync<DevTokenResponse>("token", HttpMethod.Post, "/api/v1/auth/dev-token", null, new DevTokenRequest(userId, role), cancellationToken);

    public Task<ApiResult<EventResponse>> CreateEventAsync(string adminToken, CreateEventRequest request, CancellationToken cancellationToken) =>
        SendAsync<EventResponse>("create_event", HttpMethod.Post, "/api/v1/events", adminToken, request, cancellationToken);

    public Task<ApiResult<EventResponse>> GetEventAsync(string eventId, string? token, CancellationToken cancellationToken) =>
        SendAsync<EventResponse>("event", HttpMethod.Get, $"/api/v1/events/{eventId}", token, null, cancellationToken);

    public Task<ApiResult<EventPage>> ListEventsAsync(string? token, int page, CancellationToken cancellationToken) =>
        SendAsync<EventPage>("events", HttpMethod.Get, $"/api/v1/events?page={page}&limit=20", token, null, cancellationToken);

    public Task<ApiResult<SeatMapResponse>> GetSeatMapAsync(string eventId, string? token, CancellationToken cancellationToken) =>
        GetSeatMapAsync(eventId, token, Deserialize<SeatMapResponse>, cancellationToken);

    /// <summary>The seat map read straight into what the caller keeps of it, instead of a record per seat.</summary>
    public Task<ApiResult<T>> GetSeatMapAsync<T>(string eventId, string? token, BodyReader<T> read, CancellationToken cancellationToken)
        where T : class =>
        SendAsync("seatmap", HttpMethod.Get, $"/api/v1/events/{eventId}/seatmap", token, null, read, cancellationToken);

    /// <summary>The event's layout (sections, rows, seat counts), read straight into what the caller keeps of it.</summary>
    public Task<ApiResult<T>> GetLayoutAsync<T>(string eventId, BodyReader<T> read, CancellationToken cancellationToken)
        where T : class =>
        SendAsync("layout", HttpMethod.Get, $"/api/v1/events/{eventId}/layout", null, null, read, cancellationToken);

    /// <summary>The compact seat status (one letter per seat in layout order), read straight into what the caller keeps of it.</summary>
    public Task<ApiResult<T>> GetSeatStatusAsync<T>(string eventId, BodyReader<T> read, CancellationToken cancellationToken)
        where T : class =>
        SendAsync("seat_status", HttpMethod.Get, $"/api/v1/events/{eventId}/seat-status", null, null, read, cancellationToken);

    // admissionToken: the waiting room's admission, sent as X-Admission-Token (events behind a room need it).
    public Task<ApiResult<ReservationResponse>> HoldAsync(
        string token, string eventId, HoldRequest request, CancellationToken cancellationToken, long? scheduledTimestamp = null, string? admissionToken = null) =>
        SendAsync(
            request.BestAvailable is null ? "hold" : "hold_best", HttpMethod.Post, $"/api/v1/events/{eventId}/reservations",
            token, request, Deserialize<ReservationResponse>, cancellationToken, scheduledTimestamp, admissionToken);

    public Task<ApiResult<NoBody>> ConfigureWaitingRoomAsync(string adminToken, string eventId, RoomSettingsRequest settings, CancellationToken cancellationToken) =>
        SendAsync<NoBody>("configure_room", HttpMethod.Put, $"/api/v1/events/{eventId}/waiting-room", adminToken, settings, cancellationToken);

    public Task<ApiResult<QueueAnswerBody>> JoinQueueAsync(string token, string eventId, CancellationToken cancellationToken) =>
        SendAsync<QueueAnswerBody>("join", HttpMethod.Post, $"/api/v1/events/{eventId}/queue", token, null, cancellationToken);

    /// <summary>A poll of the fan's place: the queue token is the credential.</summary>
    public Task<ApiResult<QueueAnswerBody>> PollQueueAsync(string eventId, string queueToken, CancellationToken cancellationToken) =>
        SendAsync<QueueAnswerBody>("poll", HttpMethod.Get, $"/api/v1/events/{eventId}/queue/{Uri.EscapeDataString(queueToken)}", null, null, cancellationToken);

    public Task<ApiResult<OpsBody>> GetOpsAsync(string adminToken, CancellationToken cancellationToken) =>
        SendAsync<OpsBody>("ops", HttpMethod.Get, "/api/v1/admin/ops", adminToken, null, cancellationToken);

    public Task<ApiResult<ReconciliationBody>> ReconcileAsync(string adminToken, CancellationToken cancellationToken) =>
        SendAsync<ReconciliationBody>("reconcile", HttpMethod.Post, "/api/v1/admin/reconcile", adminToken, null, cancellationToken);

    public Task<ApiResult<OrderResponse>> CommitAsync(string token, string reservationId, CommitRequest request, CancellationToken cancellationToken) =>
        SendAsync<OrderResponse>(
            request.PaymentToken == PaymentTokens.Visa ? "commit" : "commit_declined", HttpMethod.Post,
            $"/api/v1/reservations/{reservationId}/commit", token, request, cancellationToken);

    public Task<ApiResult<NoBody>> ReleaseAsync(string token, string reservationId, CancellationToken cancellationToken) =>
        SendAsync<NoBody>("release", HttpMethod.Delete, $"/api/v1/reservations/{reservationId}", token, null, cancellationToken);

    public Task<ApiResult<NoBody>> PingAsync(CancellationToken cancellationToken) =>
        SendAsync<NoBody>("ping", HttpMethod.Get, "/api/v1/ping", null, null, cancellationToken);

    private Task<ApiResult<T>> SendAsync<T>(
        string operation, HttpMethod method, string path, string? token, object? body,
        CancellationToken cancellationToken, long? scheduledTimestamp = null)
        where T : class =>
        SendAsync(operation, method, path, token, body, Deserialize<T>, cancellationToken, scheduledTimestamp);

    // scheduledTimestamp: when the call was meant to start (Stopwatch.GetTimestamp). Fixed-rate runs
    // pass it so that a call delayed behind a slow one is charged its wait (no coordinated omission).
    private async Task<ApiResult<T>> SendAsync<T>(
        string operation, HttpMethod method, string path, string? token, object? body, BodyReader<T> read,
        CancellationToken cancellationToken, long? scheduledTimestamp = null, string? admissionToken = null)
        where T : class
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (admissionToken is not null)
        {
            request.Headers.Add(AdmissionHeader, admissionToken);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json.Options);
        }

        var started = scheduledTimestamp ?? Stopwatch.GetTimestamp();
        HttpStatusCode? status = null;
        T? typed = null;
        ProblemBody? problem = null;
        string? transportError = null;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            using var bytes = await PooledBody.ReadAsync(response.Content, cancellationToken);
            status = response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                typed = bytes.Length == 0 ? null : read(bytes.Span);
            }
            else if (bytes.Length > 0)
            {
                problem = TryReadProblem(bytes.Span);
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            transportError = exception is TaskCanceledException ? "timeout" : exception.Message;
        }

        var outcome = ApiResult<T>.Label(status, problem, transportError);
        recorder.Record(operation, outcome, Stopwatch.GetElapsedTime(started));
        return new ApiResult<T>(status, typed, problem, outcome);
    }

    private static T? Deserialize<T>(ReadOnlySpan<byte> bytes)
        where T : class =>
        typeof(T) == typeof(NoBody) ? null : JsonSerializer.Deserialize<T>(bytes, Json.Options);

    private static ProblemBody? TryReadProblem(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return JsonSerializer.Deserialize<ProblemBody>(bytes, Json.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Makes what a caller keeps of a successful answer from its body's UTF-8 bytes (valid only during the call).</summary>
public delegate T? BodyReader<T>(ReadOnlySpan<byte> body)
    where T : class;

/// <summary>The body of answers that have none worth reading (204, ping).</summary>
public sealed record NoBody;

/// <summary>The fake gateway's test tokens (API.md).</summary>
public static class PaymentTokens
{
    public const string Visa = "tok_visa";
    public const string Declined = "tok_declined";
}
