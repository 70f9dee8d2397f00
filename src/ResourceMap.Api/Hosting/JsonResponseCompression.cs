using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace ResourceMap.Api.Hosting;

public static class JsonResponseCompression
{
    /// <summary>
    /// Brotli or gzip for JSON, GeoJSON and CSV when the client accepts it: a 500-feature map page shrinks about
    /// fivefold. Vector tiles are compressed once and cached by <see cref="Tiles.TileCache"/> instead. Over HTTPS
    /// terminated by Kestrel itself compression stays off (BREACH); behind a TLS proxy it applies.
    /// </summary>
    public static IServiceCollection AddJsonResponseCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ["application/json", "application/geo+json", "application/problem+json", "text/csv", "application/schema+json"];
        });
        // Fastest: the responses are produced per request, so compressing must cost less than it saves on the wire.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }
}
