namespace Ticketing.Api.Features.SeatFeeds;

/// <summary>Registers the live seat feeds: the per-process hub, the sessions and the connection limits.</summary>
public static class SeatFeedsSetup
{
    public static IServiceCollection AddSeatFeeds(this IServiceCollection services)
    {
        services.AddOptions<SeatFeedOptions>().BindConfiguration(SeatFeedOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SeatFeedHub>();
        services.AddSingleton<SeatFeedSession>();
        services.AddSingleton<FeedConnectionLimiter>();
        services.AddSingleton<FeedAdmission>();
        return services;
    }

    /// <summary>Accepts WebSocket upgrades; the protocol's own pings keep idle sockets open through proxies.</summary>
    public static IApplicationBuilder UseSeatFeedSockets(this IApplicationBuilder app) =>
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
}
