using ResourceMap.Infrastructure.Persistence;

namespace ResourceMap.Api.Hosting;

/// <summary>
/// Maintenance commands run through the API's own entry point, so they share its configuration:
///   hash-api-key &lt;key&gt;     print the SHA-256 to put in Auth:ApiKeys
///   issue-admin-key &lt;name&gt; &lt;municipality&gt;   store a new admin key (hash only) and print the key once:
///                           the first admin, before anyone can use POST /api/keys
///   setup                   apply migrations and load seed data as configured, then exit
/// </summary>
public static class DevCommands
{
    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "hash-api-key" when args.Length == 2:
                Console.WriteLine(ApiKeyAuthenticationHandler.Hash(args[1]));
                return true;
            case "issue-admin-key" when args.Length == 3:
                return await IssueAdminKeyAsync(app, args[1], args[2]);
            case "setup":
                await app.PrepareDatabaseAsync();
                return true;
            default:
                return false;
        }
    }

    private static async Task<bool> IssueAdminKeyAsync(WebApplication app, string name, string municipality)
    {
        if (!Domain.Geography.MunicipalityCode.TryParse(municipality, out var code, out var error))
        {
            await Console.Error.WriteLineAsync(error);
            Environment.ExitCode = 2;
            return true;
        }
        using var scope = app.Services.CreateScope();
        using var actor = Infrastructure.Audit.AuditActorScope.Use("system:issue-admin-key");
        var keys = scope.ServiceProvider.GetRequiredService<Keys.ApiKeyWriter>();
        var result = await keys.IssueAsync(name, Roles.Admin, code.Value, "system:issue-admin-key", CancellationToken.None);
        if (!result.Succeeded)
        {
            await Console.Error.WriteLineAsync($"No municipality has the code {code.Value} (is the reference data loaded? run setup first).");
            Environment.ExitCode = 2;
            return true;
        }
        var plaintext = result.Value!.Plaintext;
        Console.WriteLine(plaintext);
        return true;
    }
}
