namespace Ticketing.Scripts.Tests.Model;

/// <summary>
/// The reference model of one event: plain collections, no concurrency, written from DESIGN.md's
/// state machine. It mirrors the engine's lazy expiry exactly (which step sweeps which elapsed
/// hold), because the sweep's counts make that observable. Time is in seconds since the session began.
/// </summary>
public sealed class InventoryModel(int maxSeatsPerHold, int maxTicketsPerUser, int maxExtensions, IReadOnlyList<string> seats)
{
    private readonly Dictionary<string, ModelHold> _heldBy = [];
    private readonly Dictionary<string, string> _soldTo = [];
    private readonly Dictionary<(string User, int ClientId), ModelHold> _byClientId = [];
    private readonly HashSet<string> _blocked = [];

    /// <summary>Every block made, lifted or not, in order (an unblock step names one by its index).</summary>
    public List<ModelBlock> Blocks { get; } = [];

    public List<ModelHold> Holds { get; } = [];

    public int Now { get; private set; }

    public int SoldSeats => _soldTo.Count;

    public void Advance(int seconds) => Now += seconds;

    /// <summary>The answer, and the hold when one is made (its id is set by the caller from the engine's answer).</summary>
    public (string Answer, ModelHold? Created, ModelHold? Replayed) Hold(HoldStep step)
    {
        if (_byClientId.TryGetValue((step.User, step.ClientId), out var prior))
        {
            return ($"held replayed {Visible(prior)}", null, prior);
        }

        if (step.TtlSeconds is < 5 or > 3600)
        {
            return ($"invalid_ttl {step.TtlSeconds}", null, null);
        }

        if (step.Seats.Count > maxSeatsPerHold)
        {
            return ($"too_many {step.Seats.Count} {maxSeatsPerHold}", null, null);
        }

        // The engine answers a hall with nothing available or held from its counters, before any limit.
        if (seats.All(seat => _soldTo.ContainsKey(seat) || _blocked.Contains(seat)))
        {
            return ($"unavailable {string.Join(",", step.Seats)}", null, null);
        }

        var owned = TicketsOf(step.User);
        if (owned + step.Seats.Count > maxTicketsPerUser)
        {
            return ($"limit {maxTicketsPerUser} {owned}", null, null);
        }

        var taken = step.Seats.Where(seat => !IsFree(seat)).ToList();
        if (taken.Count > 0)
        {
            return ($"unavailable {string.Join(",", taken)}", null, null);
        }

        // The engine looks for the user's elapsed holds, and ends them, only when the limit could
        // be met without them: when the seats the user's entry still counts would pass it.
        var ownElapsed = Holds.Where(h => h.User == step.User && Elapsed(h)).ToList();
        if (owned + ownElapsed.Sum(h => h.Seats.Count) + step.Seats.Count > maxTicketsPerUser)
        {
            foreach (var own in ownElapsed)
            {
                End(own, ModelStatus.Expired);
            }
        }

        foreach (var seat in step.Seats)
        {
            if (_heldBy.TryGetValue(seat, out var holder))
            {
                Settle(holder);
            }
        }

        var hold = new ModelHold(step.User, [.. step.Seats])
        {
            ExpiresAt = Now + step.TtlSeconds,
            BaseExpiresAt = Now + step.TtlSeconds,
            ExtensionsLeft = maxExtensions,
        };
        foreach (var seat in step.Seats)
        {
            _heldBy[seat] = hold;
        }

        Holds.Add(hold);
        _byClientId[(step.User, step.ClientId)] = hold;
        return ("held new Held", hold, null);
    }

    public string Extend(ModelHold hold, string user, int seconds)
    {
        if (user != hold.User)
        {
            return "not_found";
        }

        if (Elapsed(hold) || hold.Status == ModelStatus.Expired)
        {
            Settle(hold);
            return "expired";
        }

        if (hold.Status != ModelStatus.Held)
        {
            return $"not_held {hold.Status}";
        }

        if (hold.ExtensionsLeft <= 0)
        {
            return "no_extensions";
        }

        hold.ExpiresAt += seconds;
        hold.BaseExpiresAt = hold.ExpiresAt;
        hold.ExtensionsLeft--;
        hold.Fence++;
        return "extended";
    }

    public string Release(ModelHold hold, string user)
    {
        if (user != hold.User)
        {
            return "not_found";
        }

        if (Elapsed(hold) || hold.Status == ModelStatus.Expired)
        {
            Settle(hold);
            return "expired";
        }

        if (hold.Status == ModelStatus.Released)
        {
            return "released";
        }

        if (hold.Status != ModelStatus.Held)
        {
            return $"not_held {hold.Status}";
        }

        End(hold, ModelStatus.Released);
        return "released";
    }

    public string BeginPayment(ModelHold hold, string key, int windowSeconds)
    {
        if (hold.Status == ModelStatus.Committed)
        {
            return hold.Key == key ? $"already_committed {hold.OrderId}" : "not_held Committed";
        }

        if (Elapsed(hold) || hold.Status == ModelStatus.Expired)
        {
            Settle(hold);
            return "expired";
        }

        if (hold.Status == ModelStatus.Paying)
        {
            return hold.Key == key ? $"ready {hold.Fence}" : "not_held Paying";
        }

        if (hold.Status != ModelStatus.Held)
        {
            return $"not_held {hold.Status}";
        }

        hold.Status = ModelStatus.Paying;
        hold.Key = key;
        hold.Fence++;
        hold.ExpiresAt = Math.Max(hold.ExpiresAt, Now + windowSeconds);
        hold.LastReadyFence = hold.Fence;
        return $"ready {hold.Fence}";
    }

    public string Commit(ModelHold hold, string key, long fence, string orderId)
    {
        if (hold.Status == ModelStatus.Committed)
        {
            return hold.Key == key ? $"committed replayed {hold.OrderId}" : "not_held Committed";
        }

        if (Elapsed(hold) || hold.Status == ModelStatus.Expired)
        {
            Settle(hold);
            return "expired";
        }

        if (hold.Status != ModelStatus.Paying || hold.Key != key || hold.Fence != fence)
        {
            return $"not_held {hold.Status}";
        }

        foreach (var seat in hold.Seats)
        {
            _heldBy.Remove(seat);
            _soldTo[seat] = hold.User;
        }

        hold.Status = ModelStatus.Committed;
        hold.Fence++;
        hold.OrderId = orderId;
        return $"committed new {orderId}";
    }

    public bool AbandonPayment(ModelHold hold, long fence)
    {
        if (hold.Status != ModelStatus.Paying || hold.Fence != fence || Elapsed(hold))
        {
            return false;
        }

        hold.Status = ModelStatus.Held;
        hold.Key = "";
        hold.Fence++;
        hold.ExpiresAt = hold.BaseExpiresAt;
        Settle(hold);
        return true;
    }

    public (int Holds, int Seats) Sweep()
    {
        var due = Holds.Where(Elapsed).ToList();
        foreach (var hold in due)
        {
            End(hold, ModelStatus.Expired);
        }

        return (due.Count, due.Sum(hold => hold.Seats.Count));
    }

    /// <summary>Refunds a committed hold's order: its seats are available again, once; anything else has no order to refund.</summary>
    public string Refund(ModelHold hold)
    {
        if (hold.Status != ModelStatus.Committed)
        {
            return "no_order";
        }

        if (hold.Refunded)
        {
            return "refunded 0";
        }

        hold.Refunded = true;
        foreach (var seat in hold.Seats)
        {
            _soldTo.Remove(seat);
        }

        return $"refunded {hold.Seats.Count}";
    }

    /// <summary>Blocks the seats when every one is free (ending elapsed holds on them first), else names those that are not.</summary>
    public (string Answer, ModelBlock? Created) Block(BlockStep step)
    {
        var taken = step.Seats.Where(seat => !IsFree(seat)).ToList();
        if (taken.Count > 0)
        {
            return ($"unavailable {string.Join(",", taken)}", null);
        }

        foreach (var seat in step.Seats)
        {
            if (_heldBy.TryGetValue(seat, out var holder))
            {
                Settle(holder);
            }

            _blocked.Add(seat);
        }

        var block = new ModelBlock([.. step.Seats]);
        Blocks.Add(block);
        return ("blocked", block);
    }

    public string Unblock(ModelBlock block)
    {
        if (block.Lifted)
        {
            return "not_found";
        }

        block.Lifted = true;
        _blocked.ExceptWith(block.Seats);
        return $"unblocked {block.Seats.Count}";
    }

    /// <summary>What a buyer sees for the seat: sold, blocked, held by a live hold, or available.</summary>
    public string SeatStatus(string seat) =>
        _soldTo.ContainsKey(seat) ? "Sold" : _blocked.Contains(seat) ? "Blocked" : IsFree(seat) ? "Available" : "Held";

    public ModelStatus Visible(ModelHold hold) => Elapsed(hold) ? ModelStatus.Expired : hold.Status;

    private bool Elapsed(ModelHold hold) => hold.Status is ModelStatus.Held or ModelStatus.Paying && hold.ExpiresAt <= Now;

    private bool IsFree(string seat) =>
        !_soldTo.ContainsKey(seat) && !_blocked.Contains(seat) && (!_heldBy.TryGetValue(seat, out var holder) || Elapsed(holder));

    private int TicketsOf(string user) =>
        _soldTo.Values.Count(buyer => buyer == user)
        + Holds.Where(h => h.User == user && h.Status is ModelStatus.Held or ModelStatus.Paying && !Elapsed(h)).Sum(h => h.Seats.Count);

    private void Settle(ModelHold hold)
    {
        if (Elapsed(hold))
        {
            End(hold, ModelStatus.Expired);
        }
    }

    private void End(ModelHold hold, ModelStatus status)
    {
        foreach (var seat in hold.Seats)
        {
            _heldBy.Remove(seat);
        }

        hold.Status = status;
        hold.Fence++;
    }
}

public sealed class ModelBlock(List<string> seats)
{
    public List<string> Seats { get; } = seats;

    public string Id { get; set; } = "";

    public bool Lifted { get; set; }
}

public enum ModelStatus
{
    Held,
    Paying,
    Committed,
    Expired,
    Released,
}

public sealed class ModelHold(string user, List<string> seats)
{
    public string User { get; } = user;

    public List<string> Seats { get; } = seats;

    public string Id { get; set; } = "";

    public ModelStatus Status { get; set; } = ModelStatus.Held;

    public int ExpiresAt { get; set; }

    public int BaseExpiresAt { get; set; }

    public int ExtensionsLeft { get; set; }

    public long Fence { get; set; } = 1;

    public long LastReadyFence { get; set; } = 1;

    public string Key { get; set; } = "";

    public string OrderId { get; set; } = "";

    /// <summary>Whether the hold's order has been refunded.</summary>
    public bool Refunded { get; set; }
}
