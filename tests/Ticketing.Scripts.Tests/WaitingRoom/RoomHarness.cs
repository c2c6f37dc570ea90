using StackExchange.Redis;
using Ticketing.Scripts.Tests.Support;
using Ticketing.Scripts.WaitingRoom;

namespace Ticketing.Scripts.Tests.WaitingRoom;

/// <summary>One test's waiting room: its own event id and its own clock (added to Redis TIME in the scripts).</summary>
public sealed class RoomHarness(IConnectionMultiplexer redis)
{
    public static readonly WaitingRoomSettings Roomy = new(
        MaxActive: 10_000, AdmitPerSecond: 10_000, AdmissionTtl: TimeSpan.FromMinutes(10), AbandonAfter: WaitingRoomSettings.DefaultAbandonAfter);

    public TestClock Clock { get; } = new();

    public string EventId { get; } = Guid.NewGuid().ToString();

    public IConnectionMultiplexer Redis { get; } = redis;

    public IWaitingRoom Room => _room ??= new RedisWaitingRoom(Redis, () => Clock.Offset);

    private IWaitingRoom? _room;

    public Task<RoomConfigured> ConfigureAsync(WaitingRoomSettings? settings = null) => Room.ConfigureAsync(EventId, settings ?? Roomy);

    public async Task<QueuePlace.Waiting> JoinedAsync(string fan) =>
        Assert.IsType<QueuePlace.Waiting>(await Room.JoinAsync(EventId, fan));

    public async Task<IReadOnlyList<AdmittedFan>> AdmittedAsync(int count) =>
        Assert.IsType<AdmitOutcome.Admitted>(await Room.AdmitAsync(EventId, count)).Fans;

    public static string[] Fans(int count, string prefix = "fan") =>
        [.. Enumerable.Range(1, count).Select(i => $"{prefix}-{i}")];
}
