using Microsoft.EntityFrameworkCore;
using ModularDesk.Agents.SignIn;
using ModularDesk.Agents.Staff;
using ModularDesk.Agents.Tokens;
using ModularDesk.BuildingBlocks.Persistence;

namespace ModularDesk.Agents.Persistence;

internal sealed class AgentsDbContext(DbContextOptions<AgentsDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "agents";

    public override string Schema => SchemaName;

    public DbSet<Agent> Agents => Set<Agent>();

    public DbSet<Team> Teams => Set<Team>();

    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();

    public DbSet<AccessToken> AccessTokens => Set<AccessToken>();

    public DbSet<LoginAttempt> LoginAttempts => Set<LoginAttempt>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AgentsDbContext).Assembly);
    }
}
