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
    public static IServiceCollection AddResourceMapPersistence(this IServiceCollection services, string connectionString,
        string? readConnectionString = null, Func<IServiceProvider, bool>? readsMayLag = null)
    {
        var dataSource = BuildDataSource(connectionString);
        var readSource = string.IsNullOrWhiteSpace(readConnectionString)
            ? new ReadDataSource(dataSource, separate: false)
            : new ReadDataSource(BuildDataSource(readConnectionString), separate: true);
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

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource, npgsql => npgsql.UseNetTopologySuite().MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();
}
