using Ticketing.Scripts.SeatMap;

namespace Ticketing.Scripts;

/// <summary>
/// The inventory engine: every change of seat state is one Lua script run in Redis, atomic across
/// all the seats it touches. Time comes from Redis (<c>TIME</c>), never from the caller's clock.
/// Every change bumps the event's version and publishes a <see cref="SeatChangeBatch"/>.
/// Answers a caller can act on are outcome types, never exceptions. Exceptions mean: bad
/// arguments that the caller should have validated (<see cref="ArgumentException"/>, as named
/// on each member), Redis unreachable (StackExchange.Redis connection or timeout exceptions), or
/// a defect (<see cref="InventoryEngineException"/>, whose message never carries Lua text).
/// The Redis client in use cannot cancel a sent command, so cancellation tokens are accepted
/// for the contract but a started script always runs to its end.
/// Callers depend on the façade for who they are: <see cref="IInventorySales"/> (buyers),
/// <see cref="IInventoryReader"/> (seat maps), <see cref="IInventoryMaintenance"/> (jobs),
/// <see cref="ITicketGate"/> (admission at the gate), <see cref="IInventoryRefunds"/> (refunds); this
/// whole engine is for the hosts and tools that wire them up.
/// </summary>
public interface IInventoryEngine : IInventorySales, IInventoryReader, IInventoryMaintenance, ITicketGate, IInventoryRefunds;
