using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ResourceMap.Api.Tiles;

/// <summary>
/// Keeps rendered tiles for as long as clients are told to (Cache-Control max-age), bounded in bytes. A map pans over
/// the same tiles again and again; rendering a dense tile costs PostGIS tens of milliseconds, serving it from memory
/// microseconds. Tiles can therefore lag a directory change by up to their max-age.
/// </summary>
public sealed class TileCache(IOptions<TileCacheOptions> options) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = options.Value.CacheBytes });

    public async Task<byte[]> GetOrRenderAsync(string key, TimeSpan maxAge, Func<Task<byte[]>> render)
    {
        if (_cache.TryGetValue(key, out byte[]? tile) && tile is not null) return tile;
        tile = await render();
        _cache.Set(key, tile, new MemoryCacheEntryOptions { Size = Math.Max(tile.Length, 64), AbsoluteExpirationRelativeToNow = maxAge });
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
