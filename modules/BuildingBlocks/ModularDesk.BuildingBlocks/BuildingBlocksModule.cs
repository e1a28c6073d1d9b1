using Autofac;
using Microsoft.Extensions.Hosting;
using ModularDesk.BuildingBlocks.Files;
using ModularDesk.BuildingBlocks.Outbox;
using ModularDesk.BuildingBlocks.Persistence;

namespace ModularDesk.BuildingBlocks;

/// <summary>The shared kernel's services: migrator, readiness, outbox delivery, clock, file store.</summary>
public sealed class BuildingBlocksModule(OutboxOptions? outboxOptions = null) : Module
{
    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterInstance(TimeProvider.System).As<TimeProvider>().IfNotRegistered(typeof(TimeProvider));
        builder.RegisterType<DatabaseReadiness>().SingleInstance();
        builder.RegisterType<ModuleMigrator>().SingleInstance();
        builder.RegisterInstance(outboxOptions ?? new OutboxOptions());
        builder.RegisterType<LocalDiskFileStore>().As<IFileStore>().SingleInstance();
        builder.RegisterType<OutboxDispatcher>().AsSelf().As<IHostedService>().SingleInstance();
    }
}
