using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;
using Npgsql.EntityFrameworkCore.PostgreSQL.Design.Internal;

namespace ResourceMap.Infrastructure.Persistence;

/// <summary>
/// Writes a new EF Core migration into Persistence/Migrations, the job `dotnet ef migrations add` does; used through
/// `scripts/add-migration.sh Name` so no global tool is needed.
/// </summary>
public static class MigrationScaffolding
{
    public static void AddMigration(ResourceMapDbContext db, string name, string infrastructureProjectDirectory)
    {
        var services = new ServiceCollection()
            .AddEntityFrameworkDesignTimeServices()
            .AddDbContextDesignTimeServices(db);
#pragma warning disable EF1001 // the provider's design-time services are what dotnet-ef itself loads
        new NpgsqlDesignTimeServices().ConfigureDesignTimeServices(services);
        new Npgsql.EntityFrameworkCore.PostgreSQL.Design.Internal.NpgsqlNetTopologySuiteDesignTimeServices().ConfigureDesignTimeServices(services);
#pragma warning restore EF1001
        var scaffolder = services.BuildServiceProvider().GetRequiredService<IMigrationsScaffolder>();
        var migration = scaffolder.ScaffoldMigration(name, "ResourceMap.Infrastructure", "Persistence.Migrations", "C#");
        var files = scaffolder.Save(infrastructureProjectDirectory, migration, Path.Combine(infrastructureProjectDirectory, "Persistence", "Migrations"));
        Console.WriteLine($"Wrote {files.MigrationFile}, {files.MetadataFile} and {files.SnapshotFile}");
    }
}
