// Fan-out of the live seat feed on one Api process: opens N SSE subscribers on one event, runs
// one-seat holds at a fixed rate over HTTP, and measures, for every (hold, subscriber) pair, the
// time from the hold's 201 answer to the change's arrival at the subscriber (0 when it arrived
// first). Subscribers start from version 0 as the seat-map page does after reading the status,
// and resync with the compact status (?snapshot=status) as the page does. Reports the Api's resident memory per connection (VmRSS of --api-pid before and after
// the subscribers connected) and the latency percentiles. Loopback only; see load/feed-bench.sh.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Ticketing.FeedBench;
using Ticketing.FeedReading;

var options = BenchArguments.Parse(args);
using var http = new HttpClient { BaseAddress = options.Api, Timeout = TimeSpan.FromSeconds(60) };
var admin = (await File.ReadAllTextAsync(options.AdminTokenFile)).Trim();

var eventId = await Api.CreateStadiumAsync(http, admin);
Console.WriteLine($"event {eventId}");
var seats = Enumerable.Range(0, options.Rate * options.Seconds).Select(Seats.IdOf).ToArray();
var tokens = await Task.WhenAll(Enumerable.Range(0, seats.Length).Select(i => Api.TokenAsync(http, $"fan-{i}")));

var rssBefore = Memory.ResidentBytes(options.ApiPid);
var latency = new Histogram();
var answeredAt = new long[seats.Length];
using var feedHttp = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { BaseAddress = options.Api, Timeout = Timeout.InfiniteTimeSpan };
using var stop = new CancellationTokenSource();
var subscribers = new List<Subscriber>(options.Subscribers);
var connectWatch = Stopwatch.StartNew();
for (var i = 0; i < options.Subscribers; i++)
{
    subscribers.Add(await Subscriber.OpenAsync(feedHttp, eventId, answeredAt, latency, stop.Token));
}

Console.WriteLine($"{options.Subscribers} subscribers connected in {connectWatch.Elapsed.TotalSeconds:F1} s");
GC.Collect();
await Task.Delay(TimeSpan.FromSeconds(3));
var rssAfter = Memory.ResidentBytes(options.ApiPid);

// CPU is counted from the first hold until every change reached every subscriber: the Api's
// (the holds and the fan-out) and this bench's own (its readers share the Api's cores).
var apiCpuBefore = Memory.CpuSeconds(options.ApiPid);
var benchCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
// Holds at a fixed rate: one starts every 1/rate s, whatever the answers' latency.
var holdWatch = Stopwatch.StartNew();
var holds = new List<Task>(seats.Length);
for (var i = 0; i < seats.Length; i++)
{
    var due = TimeSpan.FromSeconds((double)i / options.Rate);
    var wait = due - holdWatch.Elapsed;
    if (wait > TimeSpan.Zero)
    {
        await Task.Delay(wait);
    }

    holds.Add(Api.HoldAsync(http, eventId, seats[i], tokens[i], i, answeredAt));
}

await Task.WhenAll(holds);
var holdSeconds = holdWatch.Elapsed.TotalSeconds;
var deadline = Stopwatch.StartNew();
while (subscribers.Any(subscriber => subscriber.Changes < seats.Length) && deadline.Elapsed < TimeSpan.FromSeconds(120))
{
    await Task.Delay(200);
}

var apiCpu = Memory.CpuSeconds(options.ApiPid) - apiCpuBefore;
var benchCpu = (Process.GetCurrentProcess().TotalProcessorTime - benchCpuBefore).TotalSeconds;
await stop.CancelAsync();
var complete = subscribers.Count(subscriber => subscriber.Changes == seats.Length && subscriber.InOrder);
var report = new Dictionary<string, object>
{
    ["subscribers"] = options.Subscribers,
    ["holds"] = seats.Length,
    ["hold_rate_asked"] = options.Rate,
    ["hold_rate_ran"] = Math.Round(seats.Length / holdSeconds, 1),
    ["subscribers_with_every_change_in_order"] = complete,
    ["deliveries"] = latency.Count,
    ["resync_snapshots"] = subscribers.Sum(subscriber => subscriber.Snapshots),
    ["latency_ms_p50"] = latency.Percentile(50),
    ["latency_ms_p99"] = latency.Percentile(99),
    ["latency_ms_max"] = latency.Percentile(100),
    ["api_cpu_seconds"] = Math.Round(apiCpu, 2),
    ["api_cpu_us_per_delivery"] = Math.Round(apiCpu * 1e6 / Math.Max(1, latency.Count), 2),
    ["bench_cpu_seconds"] = Math.Round(benchCpu, 2),
    ["api_rss_bytes_before"] = rssBefore,
    ["api_rss_bytes_after_connect"] = rssAfter,
    ["api_bytes_per_connection"] = (rssAfter - rssBefore) / Math.Max(1, options.Subscribers),
};
var json = JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true });
Console.WriteLine(json);
if (options.Out is not null)
{
    await File.WriteAllTextAsync(options.Out, json);
}

namespace Ticketing.FeedBench
{
    internal sealed record BenchArguments(Uri Api, string AdminTokenFile, int Subscribers, int Rate, int Seconds, int ApiPid, string? Out)
    {
        public static BenchArguments Parse(string[] args)
        {
            string Value(string name, string? fallback = null)
            {
                var at = Array.IndexOf(args, name);
                return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback ?? throw new ArgumentException($"{name} is required");
            }

            int Number(string name, int fallback) => int.Parse(Value(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
            return new BenchArguments(new Uri(Value("--api")), Value("--admin-token-file"), Number("--subscribers", 10_000),
                Number("--rate", 500), Number("--seconds", 5), Number("--api-pid", 0), args.Contains("--out") ? Value("--out") : null);
        }
    }

    internal static class Api
    {
        // 4 sections × 100 rows × 50 seats: the 20,000-seat stadium of the benchmarks.
        public static async Task<string> CreateStadiumAsync(HttpClient http, string admin)
        {
            var sections = Enumerable.Range(0, 4).Select(s => new
            {
                id = $"S{s}", name = $"Section {s}", price = 50m,
                rows = Enumerable.Range(1, 100).Select(r => new { id = $"R{r}", seats = 50 }).ToArray(),
            }).ToArray();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events")
            {
                Content = JsonContent.Create(new
                {
                    title = "Feed bench", venue = "Stadium", starts_at = "2030-01-01T20:00:00Z", currency = "USD",
                    hold_ttl_seconds = 600, max_seats_per_hold = 8, max_tickets_per_user = 8, sections,
                }),
            };
            request.Headers.Authorization = new("Bearer", admin);
            using var answer = await http.SendAsync(request);
            answer.EnsureSuccessStatusCode();
            return (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }

        public static async Task<string> TokenAsync(HttpClient http, string user)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/dev-token") { Content = JsonContent.Create(new { user_id = user, role = "customer" }) };
            using var answer = await http.SendAsync(request);
            answer.EnsureSuccessStatusCode();
            return (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        }

        public static async Task HoldAsync(HttpClient http, string eventId, string seat, string token, int index, long[] answeredAt)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/events/{eventId}/reservations")
            {
                Content = JsonContent.Create(new { client_reservation_id = Guid.NewGuid(), seat_ids = new[] { seat } }),
            };
            request.Headers.Authorization = new("Bearer", token);
            using var answer = await http.SendAsync(request);
            Volatile.Write(ref answeredAt[index], Stopwatch.GetTimestamp());
            if ((int)answer.StatusCode != 201)
            {
                Console.Error.WriteLine($"hold of {seat}: {(int)answer.StatusCode}");
            }
        }
    }

    /// <summary>
    /// An SSE subscriber that reads only what the measurement needs, straight from the bytes: each
    /// event's id (its version, checked to follow the last) and the seat id in a change's data.
    /// </summary>
    internal sealed class Subscriber
    {
        private readonly long[] _answeredAt;
        private readonly Histogram _latency;
        private readonly SseEventScanner _scanner;
        private long _last;

        public int Changes;

        /// <summary>Snapshots received: each is a resync after the subscriber fell behind (it starts without one).</summary>
        public int Snapshots;

        private Subscriber(long[] answeredAt, Histogram latency)
        {
            _answeredAt = answeredAt;
            _latency = latency;
            _scanner = new SseEventScanner(OnEvent);
        }

        public bool InOrder { get; private set; } = true;

        public static async Task<Subscriber> OpenAsync(HttpClient http, string eventId, long[] answeredAt, Histogram latency, CancellationToken cancellationToken)
        {
            var subscriber = new Subscriber(answeredAt, latency);
            // As the seat-map page does: it has read the status (version 0 here), so it resumes from
            // there, without a snapshot, and asks for the compact status should it need to resync.
            // (An Api from before ?snapshot= ignores it and resyncs with the seat map.)
            var response = await http.GetAsync(new Uri($"/api/v1/events/{eventId}/seats/stream?since=0&snapshot=status", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            _ = Task.Run(() => subscriber.ReadAsync(response, cancellationToken), cancellationToken);
            return subscriber;
        }

        private async Task ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            using (response)
            {
                try
                {
                    await _scanner.ReadAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken);
                }
                catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException)
                {
                }
            }
        }

        private void OnEvent(SseEvent sseEvent)
        {
            var arrived = Stopwatch.GetTimestamp();
            if (sseEvent.Is("snapshot"u8))
            {
                Interlocked.Increment(ref Snapshots);
                _last = sseEvent.Id;
                return;
            }

            InOrder &= sseEvent.Id == _last + 1;
            _last = sseEvent.Id;
            var index = Seats.IndexIn(sseEvent.Data);
            var answered = index >= 0 && index < _answeredAt.Length ? Volatile.Read(ref _answeredAt[index]) : 0;
            _latency.Record(answered == 0 ? 0 : Math.Max(0, Stopwatch.GetElapsedTime(answered, arrived).TotalMilliseconds));
            Interlocked.Increment(ref Changes);
        }
    }

    /// <summary>The bench's seats, <c>S{section}-R{row}-{seat}</c>, numbered so a seat id maps to its hold without a lookup table.</summary>
    internal static class Seats
    {
        public static string IdOf(int index) => $"S{index / 5_000}-R{(index / 50) % 100 + 1}-{index % 50 + 1}";

        /// <summary>The index of the first seat id in a change message's JSON, or -1.</summary>
        public static int IndexIn(ReadOnlySpan<byte> json)
        {
            var at = json.IndexOf("\"seat_id\":\"S"u8);
            if (at < 0)
            {
                return -1;
            }

            var rest = json[(at + 12)..];
            if (!Number(ref rest, out var section) || !rest.StartsWith("-R"u8))
            {
                return -1;
            }

            rest = rest[2..];
            if (!Number(ref rest, out var row) || rest.IsEmpty || rest[0] != (byte)'-')
            {
                return -1;
            }

            rest = rest[1..];
            return Number(ref rest, out var seat) ? (section * 5_000) + ((row - 1) * 50) + (seat - 1) : -1;
        }

        private static bool Number(ref ReadOnlySpan<byte> text, out int value)
        {
            if (!System.Buffers.Text.Utf8Parser.TryParse(text, out value, out var used))
            {
                return false;
            }

            text = text[used..];
            return true;
        }
    }

    /// <summary>Latencies in 1 ms buckets up to 60 s: enough for a p99 against a 200 ms target, and lock-free.</summary>
    internal sealed class Histogram
    {
        private readonly long[] _buckets = new long[60_001];
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public void Record(double milliseconds)
        {
            Interlocked.Increment(ref _buckets[Math.Min(_buckets.Length - 1, (int)milliseconds)]);
            Interlocked.Increment(ref _count);
        }

        public int Percentile(double percent)
        {
            var wanted = (long)Math.Ceiling(Count * percent / 100);
            long seen = 0;
            for (var ms = 0; ms < _buckets.Length; ms++)
            {
                seen += Interlocked.Read(ref _buckets[ms]);
                if (seen >= wanted && seen > 0)
                {
                    return ms + 1;
                }
            }

            return 0;
        }
    }

    internal static class Memory
    {
        public static long ResidentBytes(int pid)
        {
            if (pid <= 0)
            {
                return 0;
            }

            var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }

        /// <summary>User and system CPU the process has used (utime + stime of /proc/PID/stat, in 1/100 s ticks); NaN once it is gone.</summary>
        public static double CpuSeconds(int pid)
        {
            if (pid <= 0)
            {
                return 0;
            }

            if (!File.Exists($"/proc/{pid}/stat"))
            {
                return double.NaN;
            }

            // Fields after the command name, which is in parentheses and may hold spaces; utime and stime are the 12th and 13th.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
    }
}
