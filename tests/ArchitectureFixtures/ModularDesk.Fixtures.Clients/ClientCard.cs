namespace ModularDesk.Fixtures.Clients;

/// <summary>Violation: an internal entity made public, so other assemblies can reach it.</summary>
public sealed class ClientCard
{
    public Guid Id { get; init; }

    public string DisplayName { get; init; } = "";
}
