using System.ComponentModel.DataAnnotations;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ResourceMap.Api.Tiles;

/// <summary>
/// A rendered tile in the three content codings a client may ask for, compressed once when rendered rather than per
/// request (a z0 boundary tile shrinks from about 92 kB to under 40 kB), with one ETag per coding as RFC 9110 asks
/// of strong validators.
/// </summary>
public sealed record EncodedTile(byte[] Identity, byte[] Gzip, byte[] Brotli, string EntityTag)
{
    public static readonly EncodedTile Empty = new([], [], [], "");

    public bool IsEmpty => Identity.Length == 0;

    public int Size => Identity.Length + Gzip.Length + Brotli.Length;

    public static EncodedTile From(byte[] tile)
    {
        if (tile.Length == 0) return Empty;
        return new EncodedTile(tile, Compress(tile, s => new GZipStream(s, CompressionLevel.Optimal)),
            Compress(tile, s => new BrotliStream(s, CompressionLevel.Optimal)),
            Convert.ToHexStringLower(SHA256.HashData(tile))[..32]);
    }

    private static byte[] Compress(byte[] data, Func<Stream, Stream> encoder)
    {
        using var output = new MemoryStream();
        using (var stream = encoder(output)) stream.Write(data);
        return output.ToArray();
    }
}

/// <summary>
/// Keeps rendered tiles for as long as clients are told to (Cache-Control max-age), bounded in bytes. A map pans over
/// the same tiles again and again; rendering a dense tile costs PostGIS tens of milliseconds, serving it from memory
/// microseconds. Tiles can therefore lag a directory change by up to their max-age.
/// </summary>
public sealed class TileCache(IOptions<TileCacheOptions> options) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = options.Value.CacheBytes });

    public async Task<EncodedTile> GetOrRenderAsync(string key, TimeSpan maxAge, Func<Task<byte[]>> render)
    {
        if (_cache.TryGetValue(key, out EncodedTile? tile) && tile is not null) return tile;
        tile = EncodedTile.From(await render());
        _cache.Set(key, tile, new MemoryCacheEntryOptions { Size = Math.Max(tile.Size, 64), AbsoluteExpirationRelativeToNow = maxAge });
        return tile;
    }

    public void Dispose() => _cache.Dispose();
}

/// <summary>Tiles:CacheBytes — how many bytes of rendered tiles the API keeps in memory.</summary>
public sealed class TileCacheOptions
{
    public const string Section = "Tiles";

    [Range(0, long.MaxValue)]
    public long CacheBytes { get; set; } = 128L * 1024 * 1024;
}
