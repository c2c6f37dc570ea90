namespace Ticketing.Scripts.SeatMap;

/// <summary>
/// A seat's state as the scripts store it in the seats hash: <c>a</c> (available),
/// <c>h|&lt;holdId&gt;</c> (held), <c>s|&lt;orderId&gt;|&lt;userId&gt;</c> (sold) or <c>b|&lt;blockId&gt;</c> (blocked).
/// </summary>
internal sealed record SeatEncoding(SeatStatus Status, string? HoldId, string? OrderId)
{
    private static readonly SeatEncoding Available = new(SeatStatus.Available, null, null);

    public static SeatEncoding Parse(string state)
    {
        if (state == "a")
        {
            return Available;
        }

        // At most three parts: a buyer's user id may itself contain '|'.
        var parts = state.Split('|', 3);
        return parts switch
        {
            ["h", var hold] => new SeatEncoding(SeatStatus.Held, hold, null),
            ["s", var order, _] => new SeatEncoding(SeatStatus.Sold, null, order),
            ["b", _] => new SeatEncoding(SeatStatus.Blocked, null, null),
            _ => throw new InventoryEngineException($"unknown seat state '{state}' in Redis"),
        };
    }
}
