using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ResourceMap.Infrastructure.Persistence;

/// <summary>
/// Lets `dotnet ef` (the local tool in dotnet-tools.json, run by scripts/add-migration.sh) build the model from
/// this project alone, without starting the API.
/// </summary>
public class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ResourceMapDbContext>
{
    public ResourceMapDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__ResourceMap")
                               ?? "Host=127.0.0.1;Port=55432;Username=resourcemap;Password=resourcemap-local;Database=resourcemap";
        var options = new DbContextOptionsBuilder<ResourceMapDbContext>();
        PersistenceRegistration.Configure(options, PersistenceRegistration.BuildDataSource(connectionString));
        return new ResourceMapDbContext(options.Options);
    }
}
