using Autofac;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModularDesk.Agents.Contracts;
using ModularDesk.Agents.Persistence;
using ModularDesk.Agents.Setup;
using ModularDesk.Agents.SignIn;
using ModularDesk.Agents.Staff;
using ModularDesk.Agents.Tokens;
using ModularDesk.BuildingBlocks.Modules;
using ModularDesk.BuildingBlocks.Persistence;
using ModularDesk.BuildingBlocks.Security;

namespace ModularDesk.Agents;

/// <summary>Registers the Agents module with the host: agents, teams, sign-in, tokens, and the desk's auth scheme.</summary>
public sealed class AgentsModule : ModuleBase
{
    public override string Name => "Agents";

    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = BearerAuthentication.Scheme;
                options.DefaultAuthenticateScheme = BearerAuthentication.Scheme;
                options.DefaultChallengeScheme = BearerAuthentication.Scheme;
                options.DefaultForbidScheme = BearerAuthentication.Scheme;
            })
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthentication.Scheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Agent, policy => policy.RequireRole(Roles.Agent, Roles.Admin));
    }

    public override void MapApiEndpoints(IEndpointRouteBuilder api)
    {
        api.MapSignInEndpoints();
        api.MapTokenEndpoints();
        api.MapAgentEndpoints();
        api.MapTeamEndpoints();
    }

    protected override void Load(ContainerBuilder builder)
    {
        builder.RegisterModuleDbContext<AgentsDbContext>(AgentsDbContext.SchemaName);

        builder.RegisterType<Passwords>().SingleInstance();
        builder.RegisterType<LoginThrottle>().InstancePerLifetimeScope();
        builder.RegisterType<TokenIssuer>().InstancePerLifetimeScope();
        builder.RegisterType<AgentDirectory>().As<IAgentDirectory>().InstancePerLifetimeScope();
        builder.RegisterType<SignInHousekeeping>().AsSelf().InstancePerLifetimeScope();

        builder.RegisterType<FirstAdmin>().As<IStartupTask>().SingleInstance();
        builder.RegisterType<SignInHousekeepingSchedule>().As<IStartupTask>().SingleInstance();
    }
}
