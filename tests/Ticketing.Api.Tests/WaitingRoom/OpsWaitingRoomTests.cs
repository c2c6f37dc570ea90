using Microsoft.Extensions.DependencyInjection;
using Ticketing.Api.Auth;
using Ticketing.Api.Tests.Support;
using Ticketing.Reconciler.WaitingRoom;
using Ticketing.TestSupport;

namespace Ticketing.Api.Tests.WaitingRoom;

public sealed class OpsWaitingRoomTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task TheOpsReadShowsEachRoomsCountsCapsRateAndItsHistory()
    {
        var eventId = await api.CreateEventBehindRoomAsync(admitPerSecond: 40, maxActive: 500);
        for (var i = 0; i < 3; i++)
        {
            await api.JoinAsync(eventId, api.NewUser());
        }

        var loop = api.Server.Services.GetRequiredService<AdmissionLoop>();
        await Eventually.HoldsAsync(async () => (await loop.TickAsync(CancellationToken.None)).Any(tick => tick.EventId == eventId && tick.Admitted > 0));
        await loop.TickAsync(CancellationToken.None);

        System.Text.Json.JsonElement room = default;
        await Eventually.HoldsAsync(async () =>
        {
            var ops = await api.GetAsync("/api/v1/admin/ops", api.NewUser(ApiClaims.AdminRole));
            room = ops.Body.GetProperty("waiting_rooms").EnumerateArray().SingleOrDefault(r => r.GetProperty("event_id").GetString() == eventId);
            return room.ValueKind != System.Text.Json.JsonValueKind.Undefined && room.GetProperty("active").GetInt64() > 0;
        });

        Assert.Equal(500, room.GetProperty("max_active").GetInt32());
        Assert.Equal(40, room.GetProperty("admit_per_second").GetInt32());
        Assert.True(room.GetProperty("rate").GetDouble() > 0);
        Assert.False(string.IsNullOrEmpty(room.GetProperty("reason").GetString()));
        Assert.True(room.GetProperty("rate_history").GetArrayLength() >= 2);
        var metrics = await api.Server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains(metrics.Split('\n'), line => line.StartsWith("ticketing_waiting_room_admission_rate", StringComparison.Ordinal) && line.Contains(eventId, StringComparison.Ordinal));
    }
}
