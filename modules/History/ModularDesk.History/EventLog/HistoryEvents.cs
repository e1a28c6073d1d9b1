using ModularDesk.Agents.Contracts;
using ModularDesk.BuildingBlocks.Contracts;
using ModularDesk.Channels.Contracts.Outbound;
using ModularDesk.Clients.Contracts.Events;
using ModularDesk.Organizations.Contracts.Events;
using ModularDesk.Tickets.Contracts.Events;

namespace ModularDesk.History.EventLog;

/// <summary>
/// The events History consumes, by the name the event log stores them under (the type's full name: a contract type is
/// never renamed, so old log rows stay readable), with what each is about for erasure and redaction.
/// </summary>
internal static class HistoryEvents
{
    public static IReadOnlyList<Type> All { get; } =
    [
        typeof(ClientCreated), typeof(ClientRenamed), typeof(ClientCardChanged), typeof(ClientOrganizationChanged),
        typeof(ClientDeleted), typeof(ClientsMerged), typeof(ClientMergeUndone),
        typeof(OrganizationCreated), typeof(OrganizationRenamed), typeof(OrganizationCardChanged), typeof(OrganizationDeleted),
        typeof(TicketCreated), typeof(TicketMessageAdded), typeof(TicketStatusChanged), typeof(TicketClientChanged), typeof(ChatRated),
        typeof(OutboundQueued), typeof(OutboundStatusChanged),
        typeof(AgentCreated), typeof(AgentUpdated),
    ];

    private static readonly Dictionary<string, Type> ByName = All.ToDictionary(t => t.FullName!, StringComparer.Ordinal);

    public static string NameOf(Type type) => type.FullName!;

    public static Type? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The client (or organization, or agent) the event is about.</summary>
    public static Guid? SubjectOf(IIntegrationEvent e) => e switch
    {
        ClientCreated c => c.ClientId,
        ClientRenamed c => c.ClientId,
        ClientCardChanged c => c.ClientId,
        ClientOrganizationChanged c => c.ClientId,
        ClientDeleted c => c.ClientId,
        ClientsMerged c => c.MergedId,
        ClientMergeUndone c => c.RestoredId,
        OrganizationCreated o => o.OrganizationId,
        OrganizationRenamed o => o.OrganizationId,
        OrganizationCardChanged o => o.OrganizationId,
        OrganizationDeleted o => o.OrganizationId,
        TicketCreated t => t.ClientId,
        TicketMessageAdded t => t.ClientId,
        TicketStatusChanged t => t.ClientId,
        TicketClientChanged t => t.ToClientId,
        ChatRated t => t.ClientId,
        OutboundQueued o => o.ClientId,
        OutboundStatusChanged o => o.ClientId,
        AgentCreated a => a.AgentId,
        AgentUpdated a => a.AgentId,
        _ => null,
    };

    /// <summary>The timeline entry or outbound message the event writes, when it writes one.</summary>
    public static Guid? EntryOf(IIntegrationEvent e) => e switch
    {
        TicketMessageAdded t => t.MessageId,
        OutboundQueued o => o.OutboundId,
        _ => null,
    };
}
