using Ticketing.Scripts.WaitingRoom;

namespace Ticketing.Api.Features.WaitingRoom;

/// <summary>Registers the waiting room's HTTP side: tokens, the in-memory board and its refresher, presence batching, join limits.</summary>
public static class WaitingRoomSetup
{
    public static IServiceCollection AddWaitingRoomFeature(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddWaitingRoom(configuration);
        services.AddOptions<WaitingRoomOptions>().BindConfiguration(WaitingRoomOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.MinPollAfterSeconds <= o.MaxPollAfterSeconds, "WaitingRoom:MinPollAfterSeconds must not exceed MaxPollAfterSeconds")
            .ValidateOnStart();
        services.AddSingleton<QueueTokens>();
        services.AddSingleton<QueueAnswers>();
        services.AddSingleton<JoinLimiter>();
        services.AddSingleton<RoomBoard>();
        services.AddSingleton<RoomLookup>();
        services.AddSingleton<RoomBoardRefresher>();
        services.AddHostedService(provider => provider.GetRequiredService<RoomBoardRefresher>());
        services.AddSingleton<PresenceMarks>();
        services.AddSingleton<PresenceFlusher>();
        services.AddHostedService(provider => provider.GetRequiredService<PresenceFlusher>());
        return services;
    }
}
