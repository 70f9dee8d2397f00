using ResourceMap.Infrastructure.Persistence;

namespace ResourceMap.Api.Hosting;

/// <summary>
/// Maintenance commands run through the API's own entry point, so they share its configuration:
///   add-migration &lt;Name&gt;   scaffold an EF Core migration into ResourceMap.Infrastructure
///   hash-api-key &lt;key&gt;     print the SHA-256 to put in Auth:ApiKeys
///   setup                   apply migrations and load seed data as configured, then exit
/// </summary>
public static class DevCommands
{
    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "add-migration" when args.Length == 3:
                using (var scope = app.Services.CreateScope())
                {
                    MigrationScaffolding.AddMigration(scope.ServiceProvider.GetRequiredService<ResourceMapDbContext>(), args[1], args[2]);
                }
                return true;
            case "hash-api-key" when args.Length == 2:
                Console.WriteLine(ApiKeyAuthenticationHandler.Hash(args[1]));
                return true;
            case "setup":
                await app.PrepareDatabaseAsync();
                return true;
            default:
                return false;
        }
    }
}
