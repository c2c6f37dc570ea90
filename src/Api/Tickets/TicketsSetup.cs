using Microsoft.Extensions.Options;
using Ticketing.Api.Features.Orders;

namespace Ticketing.Api.Tickets;

/// <summary>Ticket signing and the order answers that carry signed tickets.</summary>
public static class TicketsSetup
{
    public static IServiceCollection AddTickets(this IServiceCollection services)
    {
        services.AddOptions<TicketSigningOptions>().BindConfiguration(TicketSigningOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TicketSigningOptions>, TicketSigningOptionsValidator>();
        services.AddSingleton<TicketPayloads>();
        services.AddSingleton<OrderAnswers>();
        return services;
    }
}
