using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Ticketing.Api.Observability;
using Ticketing.Api.Tests.Support;
using Ticketing.Reconciler.Outbox;
using Ticketing.TestSupport;

namespace Ticketing.Api.Tests.Observability;

/// <summary>
/// Traces, caught by OpenTelemetry's in-memory exporter: a request is one trace, from the HTTP
/// server span through each engine script it ran to the PostgreSQL commands it sent.
/// </summary>
public sealed class TracingTests(ApiFixture api) : IClassFixture<ApiFixture>, IDisposable
{
    private readonly SpanList _spans = new();
    private TracerProvider? _tracing;

    public void Dispose() => _tracing?.Dispose();

    [Fact]
    public async Task ACommitIsOneTraceFromTheRequestThroughItsEngineScripts()
    {
        StartTracing();
        var eventId = await api.CreateEventAsync();
        var buyer = api.NewUser();
        var hold = await api.HoldAsync(eventId, buyer, "FLOOR-A-1");
        var trace = ActivityTraceId.CreateRandom();

        using var commit = await SendAsync(HttpMethod.Post, $"/api/v1/reservations/{hold.String("reservation_id")}/commit", buyer, trace,
            new { payment_token = "tok_visa", idempotency_key = "traced" });

        Assert.Equal(HttpStatusCode.OK, commit.StatusCode);
        var server = await SpanAsync(trace, span => span.Kind == ActivityKind.Server);
        Assert.Equal("/api/v1/reservations/{id}/commit", server.GetTagItem("http.route"));
        var begin = await SpanAsync(trace, span => span.DisplayName == "engine begin_payment");
        var sold = await SpanAsync(trace, span => span.DisplayName == "engine commit_hold");
        foreach (var engine in new[] { begin, sold })
        {
            Assert.Equal(server.SpanId, engine.ParentSpanId);
            Assert.Equal(eventId, engine.GetTagItem("ticketing.event_id"));
        }

        Assert.Equal("ready", begin.GetTagItem("ticketing.outcome"));
        Assert.Equal("committed", sold.GetTagItem("ticketing.outcome"));
        Assert.Equal("commit_hold", sold.GetTagItem("ticketing.script"));
    }

    [Fact]
    public async Task AnOrderReadFromPostgresTracesItsQueryUnderTheRequest()
    {
        StartTracing();
        var eventId = await api.CreateEventAsync();
        var buyer = api.NewUser();
        var hold = await api.HoldAsync(eventId, buyer, "FLOOR-A-2");
        var order = await api.PostAsync($"/api/v1/reservations/{hold.String("reservation_id")}/commit",
            new { payment_token = "tok_visa", idempotency_key = "read" }, buyer);
        var orderId = order.String("order_id");
        await Eventually.HoldsAsync(async () => (await api.GetAsync($"/api/v1/orders/{orderId}", buyer)).Body.GetProperty("persisted").GetBoolean());
        var trace = ActivityTraceId.CreateRandom();

        using var read = await SendAsync(HttpMethod.Get, $"/api/v1/orders/{orderId}", buyer, trace);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var server = await SpanAsync(trace, span => span.Kind == ActivityKind.Server);
        var query = await SpanAsync(trace, span => span.Source.Name == "Npgsql");
        Assert.Equal(ActivityKind.Client, query.Kind);
        Assert.Equal(server.TraceId, query.TraceId);
    }

    [Fact]
    public async Task ACommittedOrderIsWrittenToPostgresInTheTraceOfItsCommit()
    {
        StartTracing();
        var eventId = await api.CreateEventAsync();
        var buyer = api.NewUser();
        var hold = await api.HoldAsync(eventId, buyer, "FLOOR-A-3");
        var trace = ActivityTraceId.CreateRandom();

        using var commit = await SendAsync(HttpMethod.Post, $"/api/v1/reservations/{hold.String("reservation_id")}/commit", buyer, trace,
            new { payment_token = "tok_visa", idempotency_key = "persisted" });

        Assert.Equal(HttpStatusCode.OK, commit.StatusCode);
        var sold = await SpanAsync(trace, span => span.DisplayName == "engine commit_hold");
        var persist = await SpanAsync(trace, span => span.Source.Name == PersistTracing.SourceName);
        Assert.Equal("persist orders", persist.DisplayName);
        Assert.Equal(eventId, persist.GetTagItem("ticketing.event_id"));
        // The commit script's span wrote the outbox entry: the order's write hangs under it.
        Assert.Equal(sold.SpanId, persist.ParentSpanId);
        Assert.Contains(persist.Links, link => link.Context.TraceId == trace && link.Context.SpanId == sold.SpanId);
        var writes = _spans.Snapshot().Where(span => span.Source.Name == "Npgsql" && span.ParentSpanId == persist.SpanId).ToList();
        Assert.NotEmpty(writes);
        Assert.All(writes, write => Assert.Equal(trace, write.TraceId));
    }

    private void StartTracing() => _tracing = Sdk.CreateTracerProviderBuilder()
        .AddSource(EngineTracing.SourceName, PersistTracing.SourceName)
        .AddAspNetCoreInstrumentation()
        .AddNpgsql()
        .AddInMemoryExporter(_spans)
        .Build();

    /// <summary>Sends the request as part of <paramref name="trace"/>, as a traced client would (W3C <c>traceparent</c>).</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, TestUser user, ActivityTraceId trace, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        return await api.Server.Client.SendAsync(request);
    }

    /// <summary>The span of <paramref name="trace"/> matching <paramref name="match"/>; a server span ends a moment after its answer.</summary>
    private async Task<Activity> SpanAsync(ActivityTraceId trace, Func<Activity, bool> match)
    {
        Activity? found = null;
        await Eventually.HoldsAsync(() => (found = _spans.Snapshot().FirstOrDefault(span => span.TraceId == trace && match(span))) is not null);
        return found!;
    }

    /// <summary>Exported spans; spans of other tests' requests end on other threads at the same time.</summary>
    private sealed class SpanList : Collection<Activity>
    {
        private readonly Lock _gate = new();

        public Activity[] Snapshot()
        {
            lock (_gate)
            {
                return [.. Items];
            }
        }

        protected override void InsertItem(int index, Activity item)
        {
            lock (_gate)
            {
                base.InsertItem(index, item);
            }
        }
    }
}
