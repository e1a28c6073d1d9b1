using Autofac;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModularDesk.BuildingBlocks.Outbox;
using ModularDesk.BuildingBlocks.Persistence;
using ModularDesk.Testing;
using Npgsql;

namespace ModularDesk.BuildingBlocks.Tests.Outbox;

/// <summary>
/// One "process": a data source named by an application name (so a test can find and kill its
/// connections), an Autofac container with the desk module and a real <see cref="OutboxDispatcher"/>.
/// </summary>
internal sealed class OutboxHarness : IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource;

    private OutboxHarness(NpgsqlDataSource dataSource, IContainer container, string applicationName)
    {
        this.dataSource = dataSource;
        Container = container;
        ApplicationName = applicationName;
    }

    public IContainer Container { get; }

    public string ApplicationName { get; }

    public OutboxDispatcher Dispatcher => Container.Resolve<OutboxDispatcher>();

    public EscalationDesk EscalationDesk => Container.Resolve<EscalationDesk>();

    public NoteDesk NoteDesk => Container.Resolve<NoteDesk>();

    /// <param name="powerCutAt">
    /// The <see cref="TicketClosed"/> or <see cref="TicketNoted"/> event (counted from 1) after which the "process" loses its connections.
    /// </param>
    public static OutboxHarness Start(TestDatabase database, string applicationName, int? powerCutAt = null)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = applicationName };
        var dataSource = NpgsqlDataSource.Create(connectionString.ConnectionString);
        var builder = new ContainerBuilder();
        builder.RegisterInstance(dataSource).ExternallyOwned();
        builder.RegisterInstance<ILoggerFactory>(NullLoggerFactory.Instance);
        builder.RegisterGeneric(typeof(NullLogger<>)).As(typeof(ILogger<>));
        builder.RegisterModule(new BuildingBlocksModule(new OutboxOptions { BatchSize = 10, PollInterval = TimeSpan.FromMilliseconds(20) }));
        builder.RegisterModuleDbContext<DeskDbContext>(DeskDbContext.SchemaName);
        builder.RegisterType<EscalationDesk>().SingleInstance();
        builder.RegisterType<TicketOpenedHandler>().As<IIntegrationEventHandler<TicketOpened>>();
        builder.RegisterType<TicketEscalatedHandler>().As<IIntegrationEventHandler<TicketEscalated>>();
        builder.RegisterType<TicketsMergedHandler>().As<IIntegrationEventHandler<TicketsMerged>>();
        // In this order: the power cut comes after the ticket handler has committed.
        builder.RegisterInstance(new PowerCutSwitch(powerCutAt));
        builder.RegisterType<TicketClosedHandler>().As<IIntegrationEventHandler<TicketClosed>>();
        builder.RegisterType<PowerCut<TicketClosed>>().As<IIntegrationEventHandler<TicketClosed>>();
        builder.RegisterType<NoteDesk>().SingleInstance();
        builder.RegisterType<TicketNotedHandler>().As<IIntegrationEventHandler<TicketNoted>>();
        builder.RegisterType<PowerCut<TicketNoted>>().As<IIntegrationEventHandler<TicketNoted>>();
        var container = builder.Build();
        container.Resolve<DatabaseReadiness>().MarkMigrated();
        return new OutboxHarness(dataSource, container, applicationName);
    }

    /// <summary>The template has every module's schema; this test module's tables are made from its model.</summary>
    public async Task CreateSchemaAsync()
    {
        await using var scope = Container.BeginLifetimeScope();
        var context = scope.Resolve<DeskDbContext>();
        await context.Database.ExecuteSqlRawAsync($"CREATE SCHEMA IF NOT EXISTS {DeskDbContext.SchemaName}");
        await context.Database.ExecuteSqlRawAsync(context.Database.GenerateCreateScript());
    }

    public async Task UseContextAsync(Func<DeskDbContext, Task> work)
    {
        await using var scope = Container.BeginLifetimeScope();
        await work(scope.Resolve<DeskDbContext>());
    }

    /// <summary>Delivers batches until the outbox has nothing due.</summary>
    public async Task DrainAsync()
    {
        while (await Dispatcher.DispatchBatchAsync(DeskDbContext.SchemaName, CancellationToken.None) > 0)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Container.DisposeAsync();
        await dataSource.DisposeAsync();
    }
}
