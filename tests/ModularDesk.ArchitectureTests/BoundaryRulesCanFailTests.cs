using static ModularDesk.ArchitectureTests.FixtureArchitecture;

namespace ModularDesk.ArchitectureTests;

/// <summary>
/// Each boundary rule catches a deliberate violation in tests/ArchitectureFixtures, so a passing
/// <see cref="BoundaryTests"/> means the boundary holds, not that the rule matched nothing.
/// </summary>
public sealed class BoundaryRulesCanFailTests
{
    [Fact]
    public void A_public_entity_in_module_internals_is_reported() =>
        ArchRuleAssert.IsViolatedBy(BoundaryRules.ModuleInternalsArePrivate(Modules), Everything, "ModularDesk.Fixtures.Clients.ClientCard");

    [Fact]
    public void A_public_type_nested_in_the_module_class_is_reported() =>
        ArchRuleAssert.IsViolatedBy(BoundaryRules.ModuleInternalsArePrivate(Modules), Everything, "ModularDesk.Fixtures.Clients.ClientsModule+CardDefaults");

    [Fact]
    public void A_public_type_nested_in_an_internal_type_is_not_reported()
    {
        var failures = BoundaryRules.ModuleInternalsArePrivate(Modules)
            .Evaluate(Everything).Where(result => !result.Passed).Select(result => result.Description);
        Assert.DoesNotContain(failures, failure => failure.Contains("CardMerge", StringComparison.Ordinal));
    }

    [Fact]
    public void A_module_using_another_modules_internals_is_reported() =>
        ArchRuleAssert.IsViolatedBy(BoundaryRules.ModulesUseOnlyEachOthersContracts(Modules), Everything, "ModularDesk.Fixtures.Tickets.TicketIntake");

    [Fact]
    public void Contracts_exposing_EF_Core_are_reported() =>
        ArchRuleAssert.IsViolatedBy(
            BoundaryRules.ContractsStayPlain([TicketsContracts], ModularDeskArchitecture.SharedContracts),
            Everything,
            "ModularDesk.Fixtures.Tickets.Contracts.ITicketLookup");

    [Fact]
    public void Contracts_exposing_aspnetcore_are_reported() =>
        ArchRuleAssert.IsViolatedBy(
            BoundaryRules.ContractsStayPlain([TicketsContracts], ModularDeskArchitecture.SharedContracts),
            Everything,
            "ModularDesk.Fixtures.Tickets.Contracts.ITicketLinks");

    [Fact]
    public void Contracts_exposing_the_shared_kernel_beyond_its_contract_part_are_reported() =>
        ArchRuleAssert.IsViolatedBy(
            BoundaryRules.ContractsStayPlain([TicketsContracts], ModularDeskArchitecture.SharedContracts),
            Everything,
            "ModularDesk.Fixtures.Tickets.Contracts.TicketList");

    [Fact]
    public void Contracts_built_on_the_shared_contracts_are_not_reported()
    {
        var failures = BoundaryRules.ContractsStayPlain([TicketsContracts], ModularDeskArchitecture.SharedContracts)
            .Evaluate(Everything).Where(result => !result.Passed).Select(result => result.Description);
        Assert.DoesNotContain(failures, failure => failure.Contains("TicketOpened", StringComparison.Ordinal));
    }

    [Fact]
    public void A_plugin_referencing_a_module_is_reported() =>
        ArchRuleAssert.IsViolatedBy(BoundaryRules.PluginsUseOnlyTheSdk([SmsPlugin], SdkAssembly), Everything, "ModularDesk.Fixtures.Plugins.Sms.SmsConnector");

    [Fact]
    public void An_sdk_exposing_aspnetcore_is_reported() =>
        ArchRuleAssert.IsViolatedBy(BoundaryRules.SdkStandsAlone(SdkAssembly), Everything, "ModularDesk.Fixtures.Plugins.Sdk.IWebhookConnector");

    [Fact]
    public void An_sdk_exposing_ef_core_is_reported() =>
        ArchRuleAssert.IsViolatedBy(BoundaryRules.SdkStandsAlone(SdkAssembly), Everything, "ModularDesk.Fixtures.Plugins.Sdk.IConnectorStore");

    [Fact]
    public void An_sdk_exposing_another_ModularDesk_assembly_is_reported() =>
        ArchRuleAssert.IsViolatedBy(BoundaryRules.SdkStandsAlone(SdkAssembly), Everything, "ModularDesk.Fixtures.Plugins.Sdk.IEventSink");

    [Fact]
    public void A_host_using_a_modules_entity_is_reported() =>
        ArchRuleAssert.IsViolatedBy(BoundaryRules.HostRegistersModulesOnly(HostAssembly, Modules), Everything, "ModularDesk.Fixtures.Host.ClientCardPage");

    [Fact]
    public void A_host_registering_a_module_class_is_not_reported()
    {
        var failures = BoundaryRules.HostRegistersModulesOnly(HostAssembly, Modules)
            .Evaluate(Everything).Where(result => !result.Passed).Select(result => result.Description);
        Assert.DoesNotContain(failures, failure => failure.Contains("FixtureModuleCatalog", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cycle_between_module_slices_is_reported() =>
        ArchRuleAssert.IsViolatedBy(BoundaryRules.ModuleSlicesAreFreeOfCycles(RootNamespace, Modules), Everything, "ModularDesk.Fixtures.Clients.Notifications.ClientNotifier");

    [Fact]
    public void A_module_using_another_modules_DbContext_is_reported() =>
        ArchRuleAssert.IsViolatedBy(BoundaryRules.DbContextsStayInTheirModule(Modules), Everything, "ModularDesk.Fixtures.Tickets.TicketIntake");

    [Fact]
    public void A_module_using_another_modules_persistence_namespace_is_reported() =>
        ArchRuleAssert.IsViolatedBy(BoundaryRules.DbContextsStayInTheirModule(Modules), Everything, "ModularDesk.Fixtures.Tickets.TicketReport");
}
