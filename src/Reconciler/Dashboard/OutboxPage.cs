using System.Globalization;
using System.Net;
using Hangfire.Dashboard;
using Hangfire.Dashboard.Pages;
using Ticketing.Reconciler.Ops;

namespace Ticketing.Reconciler.Dashboard;

/// <summary>
/// The dashboard's "Outbox writer" page. The writer is no Hangfire job (it reacts to commits within
/// milliseconds, so it runs continuously as a hosted service); this page shows its state next to the
/// jobs: per on-sale event, orders committed in Redis and not yet written to PostgreSQL, and how old
/// the oldest of them is.
/// </summary>
internal sealed class OutboxPage : RazorPage
{
    private const string Route = "/outbox";
    private static readonly Lock Gate = new();
    private static bool _registered;

    /// <summary>Hangfire's routes and menu are process-wide: add the page once.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (_registered)
            {
                return;
            }

            DashboardRoutes.Routes.AddRazorPage(Route, _ => new OutboxPage());
            NavigationMenu.Items.Add(page => new MenuItem("Outbox writer", page.Url.To(Route))
            {
                Active = page.RequestPath.StartsWith(Route, StringComparison.OrdinalIgnoreCase),
            });
            _registered = true;
        }
    }

    public override void Execute()
    {
        Layout = new LayoutPage("Outbox writer");
        var http = Context.GetHttpContext();
        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        // REVIEW: Hangfire renders dashboard pages synchronously, so the read blocks this request's
        // thread for a few Redis round trips; an async page model in Hangfire would remove it.
        var lags = http.RequestServices.GetRequiredService<IOpsQueries>().OutboxLagAsync(http.RequestAborted).GetAwaiter().GetResult();
        var now = clock.GetUtcNow();

        WriteLiteral("""
            <div class="row"><div class="col-md-12">
            <h1 class="page-header">Outbox writer</h1>
            <p>A continuous consumer (hosted service) in every Reconciler process, woken by each commit: it is not a job.
            Rows are the on-sale events; "waiting" counts orders committed in Redis and not yet in PostgreSQL.</p>
            <table class="table table-striped" id="outbox-lag"><thead><tr>
            <th>Event</th><th>Waiting (pending + unread)</th><th>Stream length</th><th>Oldest unwritten order</th>
            </tr></thead><tbody>
            """);
        foreach (var lag in lags)
        {
            var age = lag.Lag.OldestUnacknowledgedAt is { } at ? $"{(now - at).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s" : "–";
            WriteLiteral($"<tr><td>{lag.EventId}</td><td>{lag.Lag.Pending + lag.Lag.Unread}</td><td>{lag.Lag.StreamLength}</td><td>{WebUtility.HtmlEncode(age)}</td></tr>");
        }

        if (lags.Count == 0)
        {
            WriteLiteral("""<tr><td colspan="4">No event is on sale.</td></tr>""");
        }

        WriteLiteral("</tbody></table></div></div>");
    }
}
