using Dapper;
using Npgsql;

using Ticketing.Scripts.Layout;

namespace Ticketing.Persistence.Events;

/// <summary>Events and their layouts in PostgreSQL.</summary>
public sealed class EventRepository(NpgsqlDataSource dataSource) : IEventRepository
{
    public async Task<EventRecord> CreateAsync(NewEvent newEvent, CancellationToken cancellationToken = default)
    {
        var id = Guid.CreateVersion7();
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO events (id, title, venue, starts_at, currency, hold_ttl_seconds, max_seats_per_hold,
                                max_tickets_per_user, max_extensions, status)
            VALUES (@Id, @Title, @Venue, @StartsAt, @Currency, @HoldTtlSeconds, @MaxSeatsPerHold,
                    @MaxTicketsPerUser, @MaxExtensions, '{EventStatuses.OnSale}')
            """,
            new
            {
                Id = id,
                newEvent.Title,
                newEvent.Venue,
                StartsAt = newEvent.StartsAt.ToUniversalTime(),
                newEvent.Currency,
                newEvent.HoldTtlSeconds,
                newEvent.MaxSeatsPerHold,
                newEvent.MaxTicketsPerUser,
                newEvent.MaxExtensions,
            },
            transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

        var sections = newEvent.Sections.Select((section, position) =>
            new { EventId = id, SectionId = section.Id, section.Name, section.Price, Position = position });
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO event_sections (event_id, section_id, name, price, position)
            VALUES (@EventId, @SectionId, @Name, @Price, @Position)
            """, sections, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

        var rows = newEvent.Sections.SelectMany(section => section.Rows.Select((row, position) =>
            new { EventId = id, SectionId = section.Id, RowId = row.Id, Position = position, row.Seats }));
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO event_rows (event_id, section_id, row_id, position, seats)
            VALUES (@EventId, @SectionId, @RowId, @Position, @Seats)
            """, rows, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (await GetAsync(id, cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<EventRecord?> GetAsync(Guid eventId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<EventRow>(new CommandDefinition(
            $"{SelectEvents} WHERE id = @eventId", new { eventId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        var layouts = await LoadLayoutsAsync(connection, [eventId], cancellationToken).ConfigureAwait(false);
        return row.ToRecord(layouts);
    }

    public async Task<EventPage> SearchAsync(string? query, int page, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);

        // The pattern escapes LIKE's wildcards so a search for "50%" means the text "50%".
        var pattern = string.IsNullOrWhiteSpace(query)
            ? null
            : "%" + query.Trim().Replace(@"\", @"\\", StringComparison.Ordinal)
                .Replace("%", @"\%", StringComparison.Ordinal)
                .Replace("_", @"\_", StringComparison.Ordinal) + "%";
        var filter = new { pattern, limit, offset = (long)(page - 1) * limit };
        const string where = "WHERE @pattern::text IS NULL OR title ILIKE @pattern OR venue ILIKE @pattern";

        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"SELECT count(*) FROM events {where}", filter, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var rows = (await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"{SelectEvents} {where} ORDER BY starts_at, id LIMIT @limit OFFSET @offset",
            filter, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();

        var layouts = await LoadLayoutsAsync(connection, [.. rows.Select(r => r.Id)], cancellationToken).ConfigureAwait(false);
        return new EventPage([.. rows.Select(r => r.ToRecord(layouts))], total);
    }

    public async Task<IReadOnlyList<Guid>> ListOnSaleAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition(
            // A literal, not a parameter, so the planner uses the partial index events_on_sale_idx.
            $"SELECT id FROM events WHERE status = '{EventStatuses.OnSale}' ORDER BY starts_at, id",
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. ids];
    }

    private const string SelectEvents = """
        SELECT id, title, venue, starts_at, currency, hold_ttl_seconds, max_seats_per_hold,
               max_tickets_per_user, max_extensions, status
        FROM events
        """;

    /// <summary>Sections (display order) with their rows (front first) for each event.</summary>
    private static async Task<Dictionary<Guid, List<SectionLayout>>> LoadLayoutsAsync(
        NpgsqlConnection connection, Guid[] eventIds, CancellationToken cancellationToken)
    {
        var layouts = eventIds.ToDictionary(id => id, _ => new List<SectionLayout>());
        if (eventIds.Length == 0)
        {
            return layouts;
        }

        var sections = await connection.QueryAsync<SectionRow>(new CommandDefinition("""
            SELECT event_id, section_id, name, price FROM event_sections
            WHERE event_id = ANY(@eventIds) ORDER BY event_id, position
            """, new { eventIds }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var rows = (await connection.QueryAsync<RowRow>(new CommandDefinition("""
            SELECT event_id, section_id, row_id, seats FROM event_rows
            WHERE event_id = ANY(@eventIds) ORDER BY event_id, section_id, position
            """, new { eventIds }, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .ToLookup(r => (r.EventId, r.SectionId));

        foreach (var section in sections)
        {
            var sectionRows = rows[(section.EventId, section.SectionId)].Select(r => new RowLayout(r.RowId, r.Seats)).ToList();
            layouts[section.EventId].Add(new SectionLayout(section.SectionId, section.Name, section.Price, sectionRows));
        }

        return layouts;
    }

    private sealed record EventRow(
        Guid Id, string Title, string Venue, DateTime StartsAt, string Currency, int HoldTtlSeconds,
        int MaxSeatsPerHold, int MaxTicketsPerUser, int MaxExtensions, string Status)
    {
        public EventRecord ToRecord(Dictionary<Guid, List<SectionLayout>> layouts) => new(
            Id, Title, Venue, new DateTimeOffset(StartsAt, TimeSpan.Zero), Currency, HoldTtlSeconds,
            MaxSeatsPerHold, MaxTicketsPerUser, MaxExtensions, Status, layouts[Id]);
    }

    private sealed record SectionRow(Guid EventId, string SectionId, string Name, decimal Price);

    private sealed record RowRow(Guid EventId, string SectionId, string RowId, int Seats);
}
