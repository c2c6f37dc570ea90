namespace Ticketing.Scripts.Orders;

/// <summary>
/// An order record in the event's orders hash: <c>confirmed_at_ms|order JSON</c>, the same two
/// fields the outbox entry carries, joined so one hash field holds them.
/// </summary>
internal static class StoredOrder
{
    public static OrderRecord Decode(string stored)
    {
        var separator = stored.IndexOf('|', StringComparison.Ordinal);
        if (separator < 0)
        {
            throw new InventoryEngineException("an order record in Redis is unreadable");
        }

        try
        {
            return OrderCodec.Decode(stored[(separator + 1)..], stored[..separator]);
        }
        catch (FormatException exception)
        {
            throw new InventoryEngineException("an order record in Redis is unreadable", exception);
        }
    }
}
