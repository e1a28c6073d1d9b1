using ModularDesk.Agents.Contracts;
using ModularDesk.BuildingBlocks.Contracts;
using ModularDesk.Clients.Contracts.Events;
using ModularDesk.Testing;
using ModularDesk.Tickets.Contracts.Events;

namespace ModularDesk.History.Tests.Support;

/// <summary>A desk's story told as the events Clients, Tickets and Agents publish, delivered to History.</summary>
internal sealed class Desk(HostFixture host)
{
    private static long ticketNumbers = 1000;

    public static readonly ChangeActor System = new("system", null, "System");

    public Guid EmailChannel { get; } = Guid.NewGuid();

    public Guid TelegramChannel { get; } = Guid.NewGuid();

    public DateTimeOffset Clock { get; set; } = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    public DateTimeOffset Tick(int minutes = 1) => Clock = Clock.AddMinutes(minutes);

    public async Task<Guid> ClientAsync(string name, Guid? organizationId = null)
    {
        var id = Guid.NewGuid();
        await host.EventAsync(new ClientCreated(id, name, organizationId, System));
        return id;
    }

    public async Task<Guid> AgentAsync(string name)
    {
        var id = Guid.NewGuid();
        await host.EventAsync(new AgentCreated(id, name, $"{id:N}@example.test", "agent"));
        return id;
    }

    public async Task<Ticket> TicketAsync(Guid clientId, string subject, Guid? organizationId = null, bool telegram = false)
    {
        var ticket = new Ticket(
            Guid.NewGuid(), Interlocked.Increment(ref ticketNumbers), subject, clientId, organizationId,
            telegram ? TelegramChannel : EmailChannel, telegram ? "telegram" : "email");
        await host.EventAsync(new TicketCreated(
            ticket.Id, ticket.Number, subject, clientId, organizationId, ticket.ChannelId, ticket.ChannelType, "new", false, Tick(),
            new ChangeActor("channel", ticket.ChannelId, ticket.ChannelType)));
        return ticket;
    }

    public TicketMessageAdded Message(
        Ticket ticket, string direction, string text, string author, string recipient, Guid? agentId = null, Guid? clientId = null,
        Guid? organizationId = null) =>
        new(Guid.NewGuid(), ticket.Id, ticket.Number, ticket.Subject, clientId ?? ticket.ClientId, organizationId ?? ticket.OrganizationId,
            ticket.ChannelId, ticket.ChannelType, direction, author, recipient, text, Tick())
        {
            AuthorAgentId = agentId,
        };

    public async Task<TicketMessageAdded> MessageAsync(
        Ticket ticket, string direction, string text, string author = "Jan Kowalski", string recipient = "Support", Guid? agentId = null,
        Guid? clientId = null, Guid? organizationId = null)
    {
        var message = Message(ticket, direction, text, author, recipient, agentId, clientId, organizationId);
        await host.EventAsync(message);
        return message;
    }
}

internal sealed record Ticket(
    Guid Id, long Number, string Subject, Guid ClientId, Guid? OrganizationId, Guid ChannelId, string ChannelType);
