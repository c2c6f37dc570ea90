using Microsoft.Extensions.Options;
using Ticketing.Api.Auth;
using Ticketing.Api.Tickets;
using Ticketing.Scripts.Keys;
using Ticketing.Scripts.Tickets;

namespace Ticketing.Api.Tests.Tickets;

public sealed class TicketPayloadsTests
{
    private static readonly string EventId = Guid.NewGuid().ToString("D");
    private static readonly TicketRef Ticket = new(EventId, EntityIds.NewTicketId(EventId), EntityIds.NewOrderId(EventId), "FLOOR-A-1");

    private static TicketPayloads With(string current, params string[] keyIds) => new(
        Options.Create(new TicketSigningOptions { SigningKeys = keyIds.ToDictionary(id => id, id => $"secret of key {id}, long enough to sign"), CurrentKeyId = current }),
        Options.Create(new AuthOptions()));

    [Fact]
    public void AKeyIsRotatedByAddingTheNewOneMakingItCurrentAndLaterRemovingTheOld()
    {
        var before = With("k1", "k1").Sign(Ticket);
        var during = With("k2", "k1", "k2");
        var after = With("k2", "k2");

        Assert.StartsWith("TK1.k1.", before, StringComparison.Ordinal);
        Assert.Equal(Ticket, during.Verify(before));
        Assert.StartsWith("TK1.k2.", during.Sign(Ticket), StringComparison.Ordinal);
        Assert.Equal(Ticket, after.Verify(during.Sign(Ticket)));
        Assert.Null(after.Verify(before));
    }

    [Fact]
    public void ProcessesSharingTheTokenKeyVerifyEachOthersTicketsAndNoOtherProcessDoes()
    {
        TicketPayloads Derived(string authKey) => new(Options.Create(new TicketSigningOptions()), Options.Create(new AuthOptions { SigningKey = authKey }));
        var shared = new string('s', 48);

        var payload = Derived(shared).Sign(Ticket);

        Assert.StartsWith($"TK1.{TicketPayloads.DerivedKeyId}.", payload, StringComparison.Ordinal);
        Assert.Equal(Ticket, Derived(shared).Verify(payload));
        Assert.Null(Derived(new string('t', 48)).Verify(payload));
        // The ticket key is derived from the token key, never the token key itself.
        Assert.Null(With(TicketPayloads.DerivedKeyId, TicketPayloads.DerivedKeyId).Verify(payload));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("TK1")]
    [InlineData("TK1.k1..")]
    [InlineData("TK2.k1.YQ.YQ")]
    [InlineData("TK1.k1.%%%.%%%")]
    public void GarbageIsNoTicket(string? payload)
    {
        Assert.Null(With("k1", "k1").Verify(payload));
        Assert.Null(With("k1", "k1").Verify(new string('A', TicketPayloads.MaxLength + 1)));
    }

    [Fact]
    public void ABadKeyConfigurationFailsTheStart()
    {
        var validator = new TicketSigningOptionsValidator(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Production" },
            Options.Create(new AuthOptions()));

        Assert.True(validator.Validate(null, new TicketSigningOptions()).Failed);
        Assert.True(validator.Validate(null, new TicketSigningOptions { SigningKeys = { ["k1"] = "short" }, CurrentKeyId = "k1" }).Failed);
        Assert.True(validator.Validate(null, new TicketSigningOptions { SigningKeys = { ["K 1"] = new string('x', 40) }, CurrentKeyId = "K 1" }).Failed);
        Assert.True(validator.Validate(null, new TicketSigningOptions { SigningKeys = { ["k1"] = new string('x', 40) }, CurrentKeyId = "k2" }).Failed);
        Assert.True(validator.Validate(null, new TicketSigningOptions { SigningKeys = { ["k1"] = new string('x', 40) }, CurrentKeyId = "k1" }).Succeeded);
    }
}
