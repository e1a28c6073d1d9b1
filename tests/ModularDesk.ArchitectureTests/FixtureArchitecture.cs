using ArchUnitNET.Domain;

namespace ModularDesk.ArchitectureTests;

/// <summary>
/// The deliberately broken assemblies of tests/ArchitectureFixtures, shaped like ModularDesk
/// (two modules, a Contracts, an SDK, a plugin, a host), with the shared kernel they build on.
/// </summary>
internal static class FixtureArchitecture
{
    public const string Clients = "ModularDesk.Fixtures.Clients";
    public const string Tickets = "ModularDesk.Fixtures.Tickets";
    public const string TicketsContracts = "ModularDesk.Fixtures.Tickets.Contracts";
    public const string SdkAssembly = "ModularDesk.Fixtures.Plugins.Sdk";
    public const string SmsPlugin = "ModularDesk.Fixtures.Plugins.Sms";
    public const string HostAssembly = "ModularDesk.Fixtures.Host";
    public const string RootNamespace = "ModularDesk.Fixtures";

    public static readonly IReadOnlyList<string> Modules = [Clients, Tickets];

    public static readonly Architecture Everything = ModularDeskArchitecture.Load(
        [Clients, Tickets, TicketsContracts, SdkAssembly, SmsPlugin, HostAssembly,
            "ModularDesk.BuildingBlocks", ModularDeskArchitecture.SharedContracts],
        []);
}
