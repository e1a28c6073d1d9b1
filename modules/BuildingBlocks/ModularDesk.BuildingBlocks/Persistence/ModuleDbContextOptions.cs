using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ModularDesk.BuildingBlocks.Persistence;

/// <summary>The one way module DbContexts are configured, at run time and at design time.</summary>
public static class ModuleDbContextOptions
{
    public const string MigrationsHistoryTable = "__ef_migrations_history";

    public static DbContextOptions<TContext> Build<TContext>(NpgsqlDataSource dataSource, string schema)
        where TContext : DbContext =>
        new DbContextOptionsBuilder<TContext>()
            .UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable(MigrationsHistoryTable, schema))
            .UseSnakeCaseNamingConvention()
            .Options;

    /// <summary>For <c>dotnet ef migrations add</c>: no server is contacted.</summary>
    public static DbContextOptions<TContext> BuildForDesignTime<TContext>(string schema)
        where TContext : DbContext =>
        new DbContextOptionsBuilder<TContext>()
            .UseNpgsql("Host=localhost;Database=design_time",
                npgsql => npgsql.MigrationsHistoryTable(MigrationsHistoryTable, schema))
            .UseSnakeCaseNamingConvention()
            .Options;
}
