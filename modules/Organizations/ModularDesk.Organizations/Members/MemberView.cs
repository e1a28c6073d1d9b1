using ModularDesk.Clients.Contracts.Directory;

namespace ModularDesk.Organizations.Members;

/// <summary>A person of the organization as its members list shows them.</summary>
internal sealed record MemberView(
    Guid Id, string Name, string? AvatarUrl, bool IsVip, IReadOnlyList<string> Emails, IReadOnlyList<string> Phones)
{
    public static MemberView From(ClientSummary client) => new(
        client.Id,
        client.Name,
        client.AvatarUrl,
        client.IsVip,
        client.Contacts.Where(c => c.Kind == "email").Select(c => c.Display).ToList(),
        client.Contacts.Where(c => c.Kind == "phone").Select(c => c.Display).ToList());
}
