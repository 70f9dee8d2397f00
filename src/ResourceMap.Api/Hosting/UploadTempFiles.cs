using System.Diagnostics;

namespace ResourceMap.Api.Hosting;

/// <summary>
/// Where uploads are spooled: one directory per API process under a common root, so that temporary files a crashed
/// process left behind (kill -9 skips delete-on-close) are removed at the next start without touching the files of
/// another API process that shares the machine. ASP.NET Core's own form buffering (ASPNETCORE_TEMP) goes there too.
/// </summary>
public static class UploadTempFiles
{
    public static string Root { get; private set; } = Path.Combine(Path.GetTempPath(), "resourcemap-uploads");

    public static string Directory { get; private set; } = Path.Combine(Root, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Called first thing at start-up: removes dead processes' directories and creates this one's.</summary>
    public static int Prepare(string? root = null)
    {
        if (root is not null)
        {
            Root = root;
            Directory = Path.Combine(Root, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        var removed = RemoveOrphans(Root);
        System.IO.Directory.CreateDirectory(Directory);
        Environment.SetEnvironmentVariable("ASPNETCORE_TEMP", Directory);
        return removed;
    }

    /// <summary>Deletes the spool directories of processes that no longer run; returns how many files went.</summary>
    public static int RemoveOrphans(string root)
    {
        if (!System.IO.Directory.Exists(root)) return 0;
        var removed = 0;
        foreach (var directory in System.IO.Directory.EnumerateDirectories(root))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId || IsRunning(pid)) continue;
            try
            {
                removed += System.IO.Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Count();
                System.IO.Directory.Delete(directory, recursive: true);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return removed;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
