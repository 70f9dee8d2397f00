using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ResourceMap.Infrastructure.Audit;

namespace ResourceMap.Infrastructure.Persistence;

public static class PersistenceRegistration
{
    public static IServiceCollection AddResourceMapPersistence(this IServiceCollection services, string connectionString)
    {
        var dataSource = BuildDataSource(connectionString);
        services.AddSingleton(dataSource);
        services.AddSingleton<AuditInterceptor>();
        // Every context the API resolves records its changes to the audited records (see AuditInterceptor).
        services.AddDbContext<ResourceMapDbContext>((provider, options) =>
            Configure(options, dataSource).AddInterceptors(provider.GetRequiredService<AuditInterceptor>()));
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
