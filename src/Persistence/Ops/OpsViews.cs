namespace Ticketing.Persistence.Ops;

public sealed record AlarmView(
    long Id, string Kind, Guid? EventId, string? SeatId, string? OrderId, string? ExistingOrderId, string? OutboxEntryId,
    string Detail, DateTime RaisedAt);

public sealed record RepairView(long Id, long RunId, Guid EventId, string Kind, string SeatId, string Before, string After, string? Detail, DateTime RepairedAt);

public sealed record ReconciliationRunView(
    long Id, string Trigger, DateTime StartedAt, DateTime? FinishedAt, int EventsChecked, int Repairs, string? Error);

public sealed record JobRunView(
    string JobName, string InstanceId, DateTime StartedAt, DateTime FinishedAt, bool Succeeded, string? Error, long RunsLastHour, long FailuresLastHour);
