using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ResourceMap.Infrastructure.Audit;

namespace ResourceMap.Infrastructure.Persistence;

public static class PersistenceRegistration
{
    /// <param name="readConnectionString">Optional read source (see <see cref="ReadDataSource"/>).</param>
    /// <param name="readsMayLag">
    /// Decides per context whether it may read from the read source: given the scoped service provider, true for a
    /// request that only reads and need not see its own writes. Such a context is refused writes by PostgreSQL when
    /// it lands on a standby.
    /// </param>
    /// <param name="searchConnections">At most this many searches run in the database at once (decision 16).</param>
    public static IServiceCollection AddResourceMapPersistence(this IServiceCollection services, string connectionString,
        string? readConnectionString, Func<IServiceProvider, bool>? readsMayLag, int searchConnections)
    {
        var dataSource = BuildDataSource(connectionString);
        var readSource = string.IsNullOrWhiteSpace(readConnectionString)
            ? new ReadDataSource(dataSource, separate: false, BuildSearchDataSource(connectionString, searchConnections))
            : new ReadDataSource(BuildDataSource(readConnectionString), separate: true, BuildSearchDataSource(readConnectionString, searchConnections));
        services.AddSingleton(dataSource);
        services.AddSingleton(readSource);
        services.AddSingleton<AuditInterceptor>();
        // Every context the API resolves records its changes to the audited records (see AuditInterceptor).
        services.AddDbContext<ResourceMapDbContext>((provider, options) =>
        {
            var source = readSource.Separate && readsMayLag?.Invoke(provider) == true ? readSource.Source : dataSource;
            Configure(options, source).AddInterceptors(provider.GetRequiredService<AuditInterceptor>());
        });
        return services;
    }

    public static NpgsqlDataSource BuildDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // The search SQL takes longer to plan than to run: let Npgsql prepare the statements it sees repeatedly.
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0) builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
        builder.UseNetTopologySuite();
        return builder.Build();
    }

    /// <summary>
    /// Sessions for the map searches (decision 13). Their statements take longer to plan than to run, and PostgreSQL
    /// kept planning them anew at every execution because the generic plan's estimate, without the point or area, looked
    /// worse than a custom one (a region search cost 4.5 ms of database CPU instead of 2.7): these sessions always use
    /// the prepared generic plan. They leave no session state behind, so a connection returns to the pool without the
    /// reset statements. The pool holds at most <paramref name="connections"/> sessions: more searches than that wait
    /// for one in the API, in turn, instead of sharing the cores in the database, where an expensive search slowed
    /// down by all the others made the slowest responses twice as slow (decision 16).
    /// </summary>
    public static NpgsqlDataSource BuildSearchDataSource(string connectionString, int connections)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true, MaxPoolSize = connections };
        builder.MinPoolSize = Math.Min(builder.MinPoolSize, connections);
        builder.Options = $"{builder.Options} -c plan_cache_mode=force_generic_plan".Trim();
        return BuildDataSource(builder.ConnectionString);
    }

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource, npgsql => npgsql.UseNetTopologySuite().MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();
}
