using ArchUnitNET.xUnit;
using static ModularDesk.ArchitectureTests.ModularDeskArchitecture;

namespace ModularDesk.ArchitectureTests;

/// <summary>ModularDesk keeps the boundaries of architecture.md.</summary>
public sealed class BoundaryTests
{
    [Fact]
    public void Module_internals_expose_only_their_module_class() =>
        BoundaryRules.ModuleInternalsArePrivate(Modules).Check(Everything);

    [Fact]
    public void Modules_use_each_other_only_through_contracts() =>
        BoundaryRules.ModulesUseOnlyEachOthersContracts(Modules).Check(Everything);

    [Fact]
    public void Contracts_reference_only_the_shared_contracts_and_no_frameworks() =>
        BoundaryRules.ContractsStayPlain(Contracts, SharedContracts).Check(Everything);

    [Fact]
    public void Plugins_reference_no_ModularDesk_assembly_but_the_sdk()
    {
        Assert.Contains("ModularDesk.TestPlugins.Working", PluginAssemblies);
        BoundaryRules.PluginsUseOnlyTheSdk(PluginAssemblies, SdkAssembly).Check(Everything);
    }

    [Fact]
    public void The_sdk_references_no_ModularDesk_assembly_aspnetcore_or_efcore() =>
        BoundaryRules.SdkStandsAlone(SdkAssembly).Check(Everything);

    [Fact]
    public void The_host_uses_modules_only_to_register_them() =>
        BoundaryRules.HostRegistersModulesOnly(HostAssembly, Modules).Check(Everything);

    [Fact]
    public void Modules_have_no_dependency_cycles() =>
        BoundaryRules.ModuleSlicesAreFreeOfCycles("ModularDesk", Modules).Check(Everything);

    [Fact]
    public void Only_its_own_module_uses_a_modules_DbContext() =>
        BoundaryRules.DbContextsStayInTheirModule(Modules).Check(Everything);
}
