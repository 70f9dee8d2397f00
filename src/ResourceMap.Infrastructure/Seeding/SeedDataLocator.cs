namespace ResourceMap.Infrastructure.Seeding;

/// <summary>Finds the repository's seed-data/ folder, unless configuration names one.</summary>
public static class SeedDataLocator
{
    public static string Locate(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Directory.Exists(configured)
                ? Path.GetFullPath(configured)
                : throw new DirectoryNotFoundException($"Seed:DataDirectory '{configured}' does not exist.");
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "seed-data");
                if (File.Exists(Path.Combine(candidate, "taxonomy.json"))) return candidate;
            }
        }
        throw new DirectoryNotFoundException("No seed-data/ folder found above the working directory; set Seed:DataDirectory.");
    }
}
