namespace ModularDesk.Clients.Contracts.Directory;

/// <summary>A client card as other modules see it.</summary>
public sealed record ClientSummary(
    Guid Id,
    string Name,
    string? AvatarUrl,
    string? Language,
    Guid? OrganizationId,
    bool IsVip,
    bool IsSpammer,
    bool Hidden,
    string? Note,
    string? CustomerType,
    IReadOnlyList<ClientContact> Contacts);
