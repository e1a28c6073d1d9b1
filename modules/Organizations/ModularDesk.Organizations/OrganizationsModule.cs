using Autofac;
using ModularDesk.BuildingBlocks.Modules;
using ModularDesk.BuildingBlocks.Persistence;
using ModularDesk.Organizations.Persistence;

namespace ModularDesk.Organizations;

/// <summary>Registers the Organizations module with the host.</summary>
public sealed class OrganizationsModule : ModuleBase
{
    public override string Name => "Organizations";

    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterModuleDbContext<OrganizationsDbContext>(OrganizationsDbContext.SchemaName);
    }
}
