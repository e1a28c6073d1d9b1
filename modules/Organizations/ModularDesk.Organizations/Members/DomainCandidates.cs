using ModularDesk.Clients.Contracts.Directory;
using ModularDesk.Organizations.Cards;

namespace ModularDesk.Organizations.Members;

/// <summary>
/// O3: the existing clients with an email at the organization's domains who are not its members yet. (Resolved as a
/// sequence so a host composed without the Clients module still creates organizations, with no candidates.)
/// </summary>
internal sealed class DomainCandidates(IEnumerable<IClientDirectory> directories)
{
    public const int Limit = 200;

    public async Task<IReadOnlyList<DomainCandidateView>> FindAsync(
        Guid organizationId, IEnumerable<string> domains, CancellationToken cancellationToken)
    {
        var candidates = new List<DomainCandidateView>();
        if (directories.FirstOrDefault() is not { } clients)
        {
            return candidates;
        }

        var seen = new HashSet<Guid>();
        foreach (var domain in domains)
        {
            if (candidates.Count >= Limit)
            {
                break;
            }

            var suffix = "@" + domain;
            foreach (var client in await clients.ListWithEmailDomainAsync(domain, Limit, cancellationToken))
            {
                if (client.OrganizationId == organizationId || !seen.Add(client.Id))
                {
                    continue;
                }

                var email = client.Contacts.FirstOrDefault(
                    c => c.Kind == "email" && c.Value.EndsWith(suffix, StringComparison.OrdinalIgnoreCase));
                candidates.Add(new DomainCandidateView(client.Id, client.Name, email?.Value ?? "", client.OrganizationId));
            }
        }

        return candidates.Take(Limit).ToList();
    }
}
