using Autofac;
using Npgsql;

namespace ModularDesk.BuildingBlocks.Persistence;

public static class ContainerBuilderPersistenceExtensions
{
    /// <summary>
    /// Registers a module's DbContext (one per lifetime scope) on the host's shared
    /// <see cref="NpgsqlDataSource"/>, and announces its schema to the migrator and outbox dispatcher.
    /// </summary>
    public static void RegisterModuleDbContext<TContext>(this ContainerBuilder builder, string schema)
        where TContext : ModuleDbContext
    {
        builder.Register(c => ModuleDbContextOptions.Build<TContext>(c.Resolve<NpgsqlDataSource>(), schema))
            .SingleInstance();
        builder.RegisterType<TContext>().AsSelf().InstancePerLifetimeScope();
        builder.RegisterInstance(new ModuleDatabase(typeof(TContext), schema));
    }
}
