using FsCheck;
using FsCheck.Fluent;
using Ticketing.Scripts.Blocks;
using Ticketing.Scripts.Holds;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Orders;
using Ticketing.Scripts.Payments;
using Ticketing.Scripts.Refunds;
using Ticketing.Scripts.Tests.Model;
using Ticketing.Scripts.Tests.Support;

namespace Ticketing.Scripts.Tests.Engine;

public abstract partial class EngineContract
{
    /// <summary>
    /// Random sessions of hold / extend / release / begin-payment / commit / abandon / sweep / seat
    /// block / unblock / time jumps: after every step the engine's answer equals the model's and the counters, row counts
    /// and status string equal a recount of the seats hash; after the session every seat (in the
    /// snapshot and in the status read), hold and counter agrees with the model. Time jumps move the engine's clock offset; TTLs, windows and
    /// jumps are whole tens of seconds, so the real milliseconds a session takes never decide an
    /// expiry differently from the model (see <see cref="InventoryModel"/>).
    /// </summary>
    [Fact]
    public async Task RandomSessionsAgreeWithTheReferenceModel()
    {
        var property = Prop.ForAll(Sessions.Arbitrary, steps => RunSessionAsync(steps).GetAwaiter().GetResult());

        // Off xunit's synchronisation context, so the blocking property cannot deadlock it.
        await Task.Run(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(60), property));
    }

    private async Task<bool> RunSessionAsync(Step[] steps)
    {
        var harness = NewHarness();
        var layout = await harness.LoadAsync(TestEvents.SingleRow(Sessions.Seats.Length, maxSeatsPerHold: 3, maxTicketsPerUser: 4));
        var model = new InventoryModel(3, 4, 1, Sessions.Seats);
        var engine = harness.Engine;
        var outbox = 0;

        for (var index = 0; index < steps.Length; index++)
        {
            var step = steps[index];
            void Agree(object expected, object actual)
            {
                if (!Equals(expected, actual))
                {
                    throw new InvalidOperationException(
                        $"step {index} {step}: model {expected}, engine {actual}\nsession: {string.Join("; ", steps.Select(s => s.ToString()))}");
                }
            }

            ModelHold? target = step is HoldRefStep reference && model.Holds.Count > 0 ? model.Holds[reference.Hold % model.Holds.Count] : null;
            switch (step)
            {
                case AdvanceStep advance:
                    model.Advance(advance.Seconds);
                    harness.Clock.Advance(TimeSpan.FromSeconds(advance.Seconds));
                    break;
                case SweepStep:
                    var swept = await engine.ExpireDueAsync(layout.EventId);
                    Agree(model.Sweep(), (swept.ExpiredHolds, swept.ReleasedSeats));
                    break;
                case HoldStep hold:
                    var (expected, created, replayed) = model.Hold(hold);
                    var outcome = await engine.HoldSeatsAsync(new HoldSeatsRequest(layout.EventId, hold.User, $"c{hold.ClientId}", hold.Seats, hold.TtlSeconds));
                    Agree(expected, Describe(outcome));
                    if (outcome is HoldOutcome.Held held)
                    {
                        // The model cannot guess the engine's random ids: it adopts new ones and checks replays.
                        created?.Id = held.Hold.HoldId;
                        Agree((created ?? replayed!).Id, held.Hold.HoldId);
                    }

                    break;
                case ExtendStep extend when target is not null:
                    var user = extend.ByOwner ? target.User : "intruder";
                    Agree(model.Extend(target, user, extend.Seconds), Describe(await engine.ExtendAsync(target.Id, user, extend.Seconds)));
                    break;
                case ReleaseStep release when target is not null:
                    var releaser = release.ByOwner ? target.User : "intruder";
                    Agree(model.Release(target, releaser), Describe(await engine.ReleaseAsync(target.Id, releaser)));
                    break;
                case BeginPaymentStep begin when target is not null:
                    Agree(model.BeginPayment(target, begin.Key, begin.WindowSeconds),
                        Describe(await engine.BeginPaymentAsync(target.Id, target.User, begin.Key, begin.WindowSeconds)));
                    break;
                case CommitStep commit when target is not null:
                    var fence = commit.StaleFence ? target.LastReadyFence - 1 : target.LastReadyFence;
                    var orderId = EntityIds.NewOrderId(layout.EventId);
                    var expectedCommit = model.Commit(target, commit.Key, fence, orderId);
                    var committed = await engine.CommitAsync(new CommitRequest(layout.EventId, target.Id, target.User, fence, commit.Key, orderId, "txn",
                        [.. target.Seats.Select(seat => new OrderTicket(EntityIds.NewTicketId(layout.EventId), seat, "code", 10m))]));
                    Agree(expectedCommit, Describe(committed));
                    outbox += committed is CommitOutcome.Committed { Replayed: false } ? 1 : 0;
                    break;
                case BlockStep block:
                    var (expectedBlock, madeBlock) = model.Block(block);
                    var blockOutcome = await engine.BlockSeatsAsync(layout.EventId, block.Seats, "model");
                    Agree(expectedBlock, blockOutcome switch
                    {
                        BlockOutcome.Blocked => "blocked",
                        BlockOutcome.SeatsUnavailable unavailable => $"unavailable {string.Join(",", unavailable.SeatIds)}",
                        _ => blockOutcome.ToString(),
                    });
                    madeBlock?.Id = ((BlockOutcome.Blocked)blockOutcome).BlockId;
                    break;
                case UnblockStep unblock when model.Blocks.Count > 0:
                    var lifted = model.Blocks[unblock.Block % model.Blocks.Count];
                    var unblockOutcome = await engine.UnblockSeatsAsync(layout.EventId, lifted.Id);
                    Agree(model.Unblock(lifted), unblockOutcome switch
                    {
                        UnblockOutcome.Unblocked unblocked => $"unblocked {unblocked.SeatsReturned}",
                        _ => "not_found",
                    });
                    break;
                case RefundStep when target is not null:
                    var expectedRefund = model.Refund(target);
                    if (expectedRefund != "no_order")
                    {
                        var refund = await engine.RefundTicketsAsync(target.OrderId, []);
                        Agree(expectedRefund, refund is RefundOutcome.Refunded refunded ? $"refunded {refunded.RefundedNow}" : refund.ToString());
                        outbox += refund is RefundOutcome.Refunded { RefundedNow: > 0 } ? 1 : 0;
                    }

                    break;
                case AbandonPaymentStep abandon when target is not null:
                    var abandonFence = abandon.StaleFence ? target.LastReadyFence - 1 : target.LastReadyFence;
                    Agree(model.AbandonPayment(target, abandonFence), await engine.AbandonPaymentAsync(target.Id, target.User, abandonFence));
                    break;
                default:
                    break;
            }

            try
            {
                await EngineAssertions.CountersMatchRecountAsync(engine, Redis, layout.EventId);
            }
            catch (Exception failure)
            {
                throw new InvalidOperationException(
                    $"counters, row counts or status string differ from a recount after step {index} {step}\nsession: {string.Join("; ", steps.Select(s => s.ToString()))}", failure);
            }
        }

        var snapshot = await engine.SnapshotAsync(layout.EventId);
        Assert.Equal(Sessions.Seats.Select(model.SeatStatus), snapshot!.Seats.Select(seat => seat.Status.ToString()));
        var statuses = await engine.SeatStatusesAsync(layout.EventId);
        Assert.Equal(Sessions.Seats.Select(model.SeatStatus), statuses!.Seats.Select(seat => seat.Status.ToString()));
        foreach (var hold in model.Holds)
        {
            Assert.Equal(model.Visible(hold).ToString(), (await engine.GetHoldAsync(hold.Id, hold.User))!.Status.ToString());
        }

        await EngineAssertions.CountersMatchRecountAsync(engine, Redis, layout.EventId);
        Assert.Equal(model.SoldSeats, (await engine.GetAvailabilityAsync(layout.EventId))!.SoldSeats);
        Assert.Equal(outbox, (long)await Redis.GetDatabase().ScriptEvaluateAsync("return redis.call('XLEN', KEYS[1])", [EventKeys.Outbox(layout.EventId)]));
        return true;
    }

    private static string Describe(HoldOutcome outcome) => outcome switch
    {
        HoldOutcome.Held held => $"held {(held.Replayed ? "replayed" : "new")} {held.Hold.Status}",
        HoldOutcome.SeatsUnavailable unavailable => $"unavailable {string.Join(",", unavailable.SeatIds)}",
        HoldOutcome.TooManySeats tooMany => $"too_many {tooMany.Requested} {tooMany.Max}",
        HoldOutcome.TicketLimitExceeded limit => $"limit {limit.Limit} {limit.AlreadyHeldOrOwned}",
        HoldOutcome.InvalidTtl ttl => $"invalid_ttl {ttl.TtlSeconds}",
        _ => outcome.ToString(),
    };

    private static string Describe(ExtendOutcome outcome) => outcome switch
    {
        ExtendOutcome.Extended => "extended",
        ExtendOutcome.NoExtensionsLeft => "no_extensions",
        ExtendOutcome.Expired => "expired",
        ExtendOutcome.NotHeld notHeld => $"not_held {notHeld.Status}",
        ExtendOutcome.NotFound => "not_found",
        _ => outcome.ToString(),
    };

    private static string Describe(ReleaseOutcome outcome) => outcome switch
    {
        ReleaseOutcome.Released => "released",
        ReleaseOutcome.Expired => "expired",
        ReleaseOutcome.NotHeld notHeld => $"not_held {notHeld.Status}",
        ReleaseOutcome.NotFound => "not_found",
        _ => outcome.ToString(),
    };

    private static string Describe(BeginPaymentOutcome outcome) => outcome switch
    {
        BeginPaymentOutcome.Ready ready => $"ready {ready.Hold.Fence}",
        BeginPaymentOutcome.AlreadyCommitted committed => $"already_committed {committed.Order.OrderId}",
        BeginPaymentOutcome.Expired => "expired",
        BeginPaymentOutcome.NotHeld notHeld => $"not_held {notHeld.Status}",
        _ => outcome.ToString(),
    };

    private static string Describe(CommitOutcome outcome) => outcome switch
    {
        CommitOutcome.Committed committed => $"committed {(committed.Replayed ? "replayed" : "new")} {committed.Order.OrderId}",
        CommitOutcome.Expired => "expired",
        CommitOutcome.NotHeld notHeld => $"not_held {notHeld.Status}",
        _ => outcome.ToString(),
    };
}
