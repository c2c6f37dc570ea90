using Ticketing.Api.Tickets;
using Ticketing.Persistence.Orders;
using Ticketing.Scripts;

namespace Ticketing.Api.Features.Orders;

/// <summary>
/// Builds order answers with their tickets' signed payloads and check-in times. Check-ins are read where the
/// gate writes them (Redis), one read per event, so a ticket admitted a moment ago shows admitted.
/// </summary>
public sealed class OrderAnswers(TicketPayloads payloads, ITicketGate gate)
{
    public async Task<OrderResponse> OneAsync(StoredOrder stored, CancellationToken cancellationToken)
    {
        var order = stored.Order;
        var checkedIn = await gate.CheckedInAtAsync(order.EventId, [.. order.Tickets.Select(ticket => ticket.TicketId)], cancellationToken)
            .ConfigureAwait(false);
        return OrderResponse.From(order, stored.Persisted, payloads, checkedIn);
    }

    public async Task<IReadOnlyList<OrderResponse>> ManyAsync(IEnumerable<StoredOrder> orders, CancellationToken cancellationToken)
    {
        var list = orders.ToList();
        var reads = list.GroupBy(stored => stored.Order.EventId)
            .Select(byEvent => gate.CheckedInAtAsync(byEvent.Key, [.. byEvent.SelectMany(stored => stored.Order.Tickets).Select(ticket => ticket.TicketId)], cancellationToken));
        var checkedIn = (await Task.WhenAll(reads).ConfigureAwait(false))
            .SelectMany(found => found).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        return [.. list.Select(stored => OrderResponse.From(stored.Order, stored.Persisted, payloads, checkedIn))];
    }

    /// <summary>The commit answer: a new order, none of whose tickets can have been admitted yet.</summary>
    public OrderResponse Committed(Scripts.Orders.OrderRecord order) => OrderResponse.From(order, persisted: null, payloads);
}
