using System.Text.RegularExpressions;
using ArchUnitNET.Domain;
using ArchUnitNET.Fluent;
using ModularDesk.BuildingBlocks.Persistence;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace ModularDesk.ArchitectureTests;

/// <summary>
/// The boundaries of architecture.md as ArchUnitNET rules. Each takes the assembly names it
/// applies to, so the same rule runs against ModularDesk (must hold) and against the
/// deliberately broken assemblies in tests/ArchitectureFixtures (must fail).
/// </summary>
internal static class BoundaryRules
{
    private static readonly string[] FrameworksOutsideContracts =
        ["Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Npgsql"];

    /// <summary>
    /// In a module's internals assembly <c>X.&lt;M&gt;</c> the only public type is <c>&lt;M&gt;Module</c>
    /// (and no public type is nested in it, which would be just as visible).
    /// </summary>
    public static IArchRule ModuleInternalsArePrivate(IEnumerable<string> moduleAssemblies) =>
        Combine(moduleAssemblies.Select(assembly =>
        {
            var moduleClass = ModuleClassName(assembly);
            var because = $"other assemblies may only see the module's registration class {moduleClass}; " +
                          "everything else is internal so it can change without breaking another module";
            var topLevel = Types().That().ResideInAssemblyMatching(AssemblyPattern.AnyOf([assembly]))
                .And().ArePublic().And().AreNotNested()
                .As($"public types of {assembly}")
                .Should().HaveName(moduleClass)
                .Because(because);
            // A public type nested in an internal one is not visible outside; nested in a public one it is.
            var nested = Types().That().ResideInAssemblyMatching(AssemblyPattern.AnyOf([assembly]))
                .And().ArePublic().And().AreNested()
                .As($"public nested types of {assembly}")
                .Should().NotBeNestedIn(
                    Types().That().ResideInAssemblyMatching(AssemblyPattern.AnyOf([assembly])).And().ArePublic()
                        .As($"public types of {assembly}"))
                .Because(because)
                .WithoutRequiringPositiveResults();
            return topLevel.And(nested);
        }));

    /// <summary>No module uses another module's internals assembly; modules talk through <c>.Contracts</c>.</summary>
    public static IArchRule ModulesUseOnlyEachOthersContracts(IReadOnlyCollection<string> moduleAssemblies) =>
        Combine(moduleAssemblies.Select(assembly =>
        {
            var others = moduleAssemblies.Where(other => other != assembly).ToList();
            return Types().That().ResideInAssemblyMatching(AssemblyPattern.AnyOf([assembly]))
                .As($"types of {assembly}")
                .Should().NotDependOnAny(
                    Types(true).That().ResideInAssemblyMatching(AssemblyPattern.AnyOf(others))
                        .As("other modules' internals"))
                .Because("a module sees another module only through its .Contracts " +
                         "(facade interfaces, DTOs, integration events), never its entities, handlers or tables");
        }));

    /// <summary>
    /// A <c>.Contracts</c> assembly depends on no ModularDesk assembly except the shared contract part,
    /// and on no persistence or web framework.
    /// </summary>
    public static IArchRule ContractsStayPlain(
        IEnumerable<string> contractsAssemblies, string sharedContractsAssembly, string productPrefix = "ModularDesk.") =>
        Combine(contractsAssemblies.Select(assembly =>
            Types().That().ResideInAssemblyMatching(AssemblyPattern.AnyOf([assembly]))
                .As($"types of {assembly}")
                .Should().NotDependOnAny(
                    Types(true).That().ResideInAssemblyMatching(
                            AssemblyPattern.StartingWithExcept([productPrefix], [assembly, sharedContractsAssembly]))
                        .Or().ResideInAssemblyMatching(AssemblyPattern.StartingWithExcept(FrameworksOutsideContracts, []))
                        .As($"ModularDesk assemblies other than {sharedContractsAssembly}, EF Core, ASP.NET Core or Npgsql"))
                .Because("every other module compiles against a module's contracts: they must stay plain " +
                         "interfaces and records, or a change to one module's persistence ripples through all")
                // A module may have published nothing yet: an empty Contracts assembly keeps the rule.
                .WithoutRequiringPositiveResults()));

    /// <summary>A plugin depends on no ModularDesk assembly except the plugin SDK.</summary>
    public static IArchRule PluginsUseOnlyTheSdk(
        IEnumerable<string> pluginAssemblies, string sdkAssembly, string productPrefix = "ModularDesk.") =>
        Combine(pluginAssemblies.Select(assembly =>
            Types().That().ResideInAssemblyMatching(AssemblyPattern.AnyOf([assembly]))
                .As($"types of plugin {assembly}")
                .Should().NotDependOnAny(
                    Types(true).That().ResideInAssemblyMatching(
                            AssemblyPattern.StartingWithExcept([productPrefix], [assembly, sdkAssembly]))
                        .As($"ModularDesk assemblies other than {sdkAssembly}"))
                .Because("plugins are built and versioned apart from the host; only the SDK's types are shared " +
                         "with them, so any other ModularDesk type would fail to load or drift out of date")));

    /// <summary>The SDK depends on no other ModularDesk assembly and on neither ASP.NET Core nor EF Core.</summary>
    public static IArchRule SdkStandsAlone(string sdkAssembly, string productPrefix = "ModularDesk.") =>
        Types().That().ResideInAssemblyMatching(AssemblyPattern.AnyOf([sdkAssembly]))
            .As($"types of {sdkAssembly}")
            .Should().NotDependOnAny(
                Types(true).That().ResideInAssemblyMatching(AssemblyPattern.StartingWithExcept([productPrefix], [sdkAssembly]))
                    .Or().ResideInAssemblyMatching(
                        AssemblyPattern.StartingWithExcept(["Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore"], []))
                    .As("other ModularDesk assemblies, ASP.NET Core or EF Core"))
            .Because("the SDK is a NuGet package connector authors build against: it must not pull the host, " +
                     "a module, a web framework or a database into every plugin");

    /// <summary>The host touches a module's internals only through its <c>&lt;M&gt;Module</c> class.</summary>
    public static IArchRule HostRegistersModulesOnly(string hostAssembly, IEnumerable<string> moduleAssemblies)
    {
        var modules = moduleAssemblies.ToList();
        return Types().That().ResideInAssemblyMatching(AssemblyPattern.AnyOf([hostAssembly]))
            .As($"types of {hostAssembly}")
            .Should().NotDependOnAny(
                Types(true).That().ResideInAssemblyMatching(AssemblyPattern.AnyOf(modules))
                    .And().DoNotHaveNameMatching("^(?:" + string.Join("|", modules.Select(ModuleClassName)) + ")$")
                    .As("module internals other than their <M>Module classes"))
            .Because("the host composes modules; the features themselves live in the modules, " +
                     "reached over HTTP routes the modules map or through their Contracts");
    }

    /// <summary>
    /// Module slices (<c>&lt;root&gt;.&lt;M&gt;</c> and everything below it) of the given internals
    /// assemblies have no dependency cycles. Contracts are left out: event handlers legitimately
    /// point both ways through them (Tickets handles Clients' events and the other way round).
    /// </summary>
    public static IArchRule ModuleSlicesAreFreeOfCycles(string rootNamespace, IEnumerable<string> moduleAssemblies) =>
        Types().That().ResideInAssemblyMatching(AssemblyPattern.AnyOf(moduleAssemblies))
            .As($"types of the module internals under {rootNamespace}")
            .Should().FollowCustomCondition(new ModuleCycleCondition(rootNamespace))
            .Because("a cycle between modules means neither can change, be tested or be extracted without the other");

    /// <summary>Nothing outside module M uses M's DbContext or anything in M's <c>.Persistence</c> namespace.</summary>
    public static IArchRule DbContextsStayInTheirModule(IEnumerable<string> moduleAssemblies) =>
        Combine(moduleAssemblies.Select(assembly =>
        {
            const string because = "a module owns its schema: another module reading or writing its tables through its " +
                                   "DbContext or persistence code would bypass its rules and tie both to one table layout";
            var outside = Types().That().DoNotResideInAssemblyMatching(AssemblyPattern.AnyOf([assembly]));
            var dbContext = outside.As($"types outside {assembly}")
                .Should().NotDependOnAny(
                    Types().That().ResideInAssemblyMatching(AssemblyPattern.AnyOf([assembly]))
                        .And().AreAssignableTo(typeof(ModuleDbContext))
                        .As($"the DbContext of {assembly}"))
                .Because(because);
            var persistence = Types().That().DoNotResideInAssemblyMatching(AssemblyPattern.AnyOf([assembly]))
                .As($"types outside {assembly}")
                .Should().NotDependOnAny(
                    Types().That().ResideInAssemblyMatching(AssemblyPattern.AnyOf([assembly]))
                        .And().ResideInNamespaceMatching("^" + Regex.Escape(assembly + ".Persistence") + @"(?:\.|$)")
                        .As($"the persistence namespace of {assembly}"))
                .Because(because);
            return dbContext.And(persistence);
        }));

    /// <summary>"ModularDesk.Clients" → "ClientsModule".</summary>
    private static string ModuleClassName(string assembly) => assembly[(assembly.LastIndexOf('.') + 1)..] + "Module";

    private static IArchRule Combine(IEnumerable<IArchRule> rules) =>
        rules.Aggregate((combined, next) => combined.And(next));
}
