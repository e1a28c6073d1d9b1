using Autofac;
using Autofac.Extensions.DependencyInjection;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using ModularDesk.BuildingBlocks;
using ModularDesk.Host.Composition;
using ModularDesk.Host.Health;
using ModularDesk.Host.Http;
using ModularDesk.Host.Jobs;
using Npgsql;
using Scalar.AspNetCore;
using Serilog;
using Serilog.Extensions.Logging;

var builder = WebApplication.CreateBuilder(args);
builder.Host.UseSerilog((context, services, logger) => HostLogging.Configure(logger, context.Configuration));

var dataDirectory = DataDirectory.Resolve(builder.Configuration);
builder.Configuration["DataDirectory"] = dataDirectory;
using var bootstrapLoggerFactory = new SerilogLoggerFactory(HostLogging.Configure(new LoggerConfiguration(), builder.Configuration).CreateLogger(), dispose: true);
var database = await HostDatabase.OpenAsync(builder.Configuration, dataDirectory, bootstrapLoggerFactory, CancellationToken.None);
var dataSource = new NpgsqlDataSourceBuilder(database.ConnectionString) { Name = "modulardesk" }.Build();

builder.Host.UseServiceProviderFactory(new AutofacServiceProviderFactory());
builder.Host.ConfigureContainer<ContainerBuilder>(container =>
{
    container.RegisterInstance(dataSource).As<NpgsqlDataSource>();
    container.RegisterModule(new BuildingBlocksModule());
    foreach (var module in ModuleCatalog.All)
    {
        container.RegisterModule(module);
    }
});
foreach (var module in ModuleCatalog.All)
{
    module.ConfigureServices(builder.Services, builder.Configuration);
}

builder.Services.AddHostedService<ModuleStartup>();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.ConfigureHttpJsonOptions(options => HostJson.Configure(options.SerializerOptions));
builder.Services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
builder.Services.AddOpenApi(options => options.AddDocumentTransformer<BearerSecurityTransformer>());
builder.Services.AddHangfire(configuration => configuration
    .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
    .UseSimpleAssemblyNameTypeSerializer()
    .UseRecommendedSerializerSettings()
    .UsePostgreSqlStorage(
        storage => storage.UseNpgsqlConnection(HangfireConnectionString.For(database.ConnectionString)),
        HangfireStorage.Options));
builder.Services.AddHangfireServer(options =>
{
    options.Queues = JobQueues.All;
    options.WorkerCount = builder.Configuration.GetValue("Jobs:WorkerCount", Math.Max(4, Environment.ProcessorCount * 2));
});

var app = builder.Build();
app.Lifetime.ApplicationStopped.Register(() =>
{
    dataSource.Dispose();
    database.DisposeAsync().AsTask().GetAwaiter().GetResult();
});

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<RequestBodyLimitMiddleware>(builder.Configuration.GetValue("Http:MaxRequestBodyBytes", 1_048_576L));
app.UseSerilogRequestLogging();
app.UseAuthentication();
app.UseAuthorization();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
app.MapOpenApi("/openapi/{documentName}.json");
app.MapScalarApiReference("/api/docs", options => options.WithOpenApiRoutePattern("/openapi/{documentName}.json"));
app.MapHangfireDashboard("/hangfire", new DashboardOptions
{
    Authorization = [new AdminDashboardAuthorization()],
    DisplayStorageConnectionString = false,
    AppPath = "/",
});

var api = app.MapGroup("/api/v1").RequireAuthorization();
foreach (var module in ModuleCatalog.All)
{
    module.MapApiEndpoints(api);
    module.MapPublicEndpoints(app);
}

app.Logger.LogInformation("ModularDesk is starting; data directory {DataDirectory}", dataDirectory);
await app.RunAsync();

/// <summary>Entry point type, public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
