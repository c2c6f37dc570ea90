using Microsoft.Extensions.Options;
using Ticketing.Persistence.WaitingRooms;
using Ticketing.Scripts.WaitingRoom;

namespace Ticketing.Api.Features.WaitingRoom;

/// <summary>
/// Keeps <see cref="RoomBoard"/> fresh: which rooms are on (PostgreSQL, about once a second) and
/// each room's state (one <c>room_state</c> run per room, every <see cref="WaitingRoomOptions.RefreshMilliseconds"/>).
/// A failed read keeps the last copy: polls go on answering from it while the store recovers.
/// </summary>
public sealed partial class RoomBoardRefresher(
    RoomBoard board, WaitingRoomStore store, IWaitingRoom room, IOptions<WaitingRoomOptions> options, TimeProvider clock,
    ILogger<RoomBoardRefresher> logger) : BackgroundService
{
    private DateTimeOffset _directoryReadAt = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.RefreshMilliseconds), clock);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogRefreshFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One refresh: the directory when due, then every room's state.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now - _directoryReadAt >= TimeSpan.FromMilliseconds(options.Value.DirectoryRefreshMilliseconds))
        {
            board.SetRooms(await store.ListEnabledAsync(cancellationToken).ConfigureAwait(false));
            _directoryReadAt = now;
        }

        await Task.WhenAll(board.Rooms.Select(view => RefreshRoomAsync(view.Settings.EventId.ToString("D"), cancellationToken))).ConfigureAwait(false);
    }

    private async Task RefreshRoomAsync(string eventId, CancellationToken cancellationToken)
    {
        if (await room.GetStateAsync(eventId, cancellationToken).ConfigureAwait(false) is { } state)
        {
            board.Update(eventId, state);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waiting rooms could not be refreshed; polls answer from the last copy")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
