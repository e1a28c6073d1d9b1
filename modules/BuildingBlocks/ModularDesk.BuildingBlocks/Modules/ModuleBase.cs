using Autofac;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ModularDesk.BuildingBlocks.Modules;

/// <summary>
/// One bounded module as the host sees it: an Autofac module that registers the module's
/// services, plus the endpoint groups it owns. The host lists modules and calls these; it
/// knows nothing else about them.
/// </summary>
public abstract class ModuleBase : Module
{
    /// <summary>Human name, e.g. "Agents"; also the configuration section <c>Modules:&lt;Name&gt;</c>.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Registrations that only exist as <see cref="IServiceCollection"/> extensions
    /// (authentication schemes, data protection, HTTP clients). Everything else goes in
    /// <see cref="Module.Load"/>.
    /// </summary>
    public virtual void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
    }

    /// <summary>Maps the module's routes under <c>/api/v1</c>; the group requires an authenticated agent.</summary>
    public virtual void MapApiEndpoints(IEndpointRouteBuilder api)
    {
    }

    /// <summary>Maps routes outside <c>/api/v1</c> (e.g. channel webhooks); each decides its own auth.</summary>
    public virtual void MapPublicEndpoints(IEndpointRouteBuilder app)
    {
    }
}
