using Autofac;
using Autofac.Extensions.DependencyInjection;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using ModularDesk.BuildingBlocks;
using ModularDesk.Host.Composition;
using ModularDesk.Host.Health;
using ModularDesk.Host.Http;
using ModularDesk.Host.Jobs;
using Npgsql;
using Scalar.AspNetCore;
using Serilog;

var builder = WebApplication.CreateBuilder(args);
builder.Host.UseSerilog((context, services, logger) => HostLogging.Configure(logger, context.Configuration));

builder.Host.UseServiceProviderFactory(new AutofacServiceProviderFactory());
builder.Host.ConfigureContainer<ContainerBuilder>(container =>
{
    container.RegisterType<HostDatabase>().SingleInstance().ExternallyOwned();
    container.Register(c => c.Resolve<HostDatabase>().DataSource).As<NpgsqlDataSource>().ExternallyOwned();
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
builder.Services.AddAuthentication();
builder.Services.AddAuthorization();
builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemTypes.Customize);
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.ConfigureHttpJsonOptions(options => HostJson.Configure(options.SerializerOptions));
builder.Services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
builder.Services.AddOpenApi(options => options.AddDocumentTransformer<BearerSecurityTransformer>());
builder.Services.AddModularDeskJobs(builder.Configuration);

var app = builder.Build();

// After Build(): test hosts' configuration overrides only become visible here (dotnet/aspnetcore#37680).
var dataDirectory = DataDirectory.Resolve(app.Configuration);
app.Configuration["DataDirectory"] = dataDirectory;
await using var database = app.Services.GetRequiredService<HostDatabase>();
await database.OpenAsync(app.Configuration, dataDirectory, app.Lifetime.ApplicationStopping);

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
