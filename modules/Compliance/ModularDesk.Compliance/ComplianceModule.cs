using Autofac;
using ModularDesk.BuildingBlocks.Modules;
using ModularDesk.BuildingBlocks.Persistence;
using ModularDesk.Compliance.Persistence;

namespace ModularDesk.Compliance;

/// <summary>Registers the Compliance module with the host.</summary>
public sealed class ComplianceModule : ModuleBase
{
    public override string Name => "Compliance";

    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterModuleDbContext<ComplianceDbContext>(ComplianceDbContext.SchemaName);
    }
}
