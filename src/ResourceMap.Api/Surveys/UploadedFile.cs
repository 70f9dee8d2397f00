using System.Security.Cryptography;

namespace ResourceMap.Api.Surveys;

/// <summary>
/// An upload copied once to a temporary file while its SHA-256 is computed, so the import can stream it (and sniff
/// its start) without holding it in memory. The file is deleted when disposed.
/// </summary>
public sealed class UploadedFile : IAsyncDisposable
{
    private UploadedFile(FileStream stream, string name, string checksum, long length)
    {
        Stream = stream;
        Name = name;
        Checksum = checksum;
        Length = length;
    }

    public FileStream Stream { get; }
    public string Name { get; }
    public string Checksum { get; }
    public long Length { get; }

    public static async Task<UploadedFile> CopyAsync(IFormFile file, CancellationToken ct)
    {
        Directory.CreateDirectory(Hosting.UploadTempFiles.Directory);
        var path = Path.Combine(Hosting.UploadTempFiles.Directory, $"resourcemap-upload-{Guid.NewGuid():N}");
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var source = file.OpenReadStream())
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(buffer, ct)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                await stream.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        await stream.FlushAsync(ct);
        stream.Position = 0;
        var name = Path.GetFileName(string.IsNullOrWhiteSpace(file.FileName) ? "upload.csv" : file.FileName);
        return new UploadedFile(stream, name, Convert.ToHexStringLower(sha.GetHashAndReset()), stream.Length);
    }

    public ValueTask DisposeAsync() => Stream.DisposeAsync();
}
