namespace ModularDesk.Organizations.Settings;

/// <summary>O2's settings: whether unknown domains create organizations, and which domains are free mail.</summary>
internal sealed record OrganizationSettings(bool AutoCreateFromEmailDomain, IReadOnlyList<string> FreeMailDomains)
{
    public const string Key = "organizations";

    private readonly HashSet<string> freeMail = new(FreeMailDomains, StringComparer.Ordinal);

    public static OrganizationSettings Default { get; } = new(true, Domains.FreeMailDomains.BuiltIn);

    public bool IsFreeMail(string normalizedDomain) => freeMail.Contains(normalizedDomain);
}
