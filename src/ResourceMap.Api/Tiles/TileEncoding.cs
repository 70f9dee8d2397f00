using Microsoft.Net.Http.Headers;

namespace ResourceMap.Api.Tiles;

/// <summary>Picks the content coding of a tile from Accept-Encoding (q-values honoured; brotli before gzip).</summary>
public static class TileEncoding
{
    public const string Brotli = "br";
    public const string Gzip = "gzip";

    /// <returns>The coding (null for identity) and the bytes to send.</returns>
    public static (string? Coding, byte[] Bytes) Choose(HttpRequest request, EncodedTile tile)
    {
        if (!StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var codings) || codings.Count == 0)
            return (null, tile.Identity);
        double Quality(string coding)
        {
            var exact = codings.FirstOrDefault(c => c.Value.Equals(coding, StringComparison.OrdinalIgnoreCase));
            var any = codings.FirstOrDefault(c => c.Value.Equals("*", StringComparison.Ordinal));
            var match = exact ?? any;
            return match is null ? 0 : match.Quality ?? 1;
        }
        var brotli = Quality(Brotli);
        var gzip = Quality(Gzip);
        if (brotli > 0 && brotli >= gzip) return (Brotli, tile.Brotli);
        if (gzip > 0) return (Gzip, tile.Gzip);
        return (null, tile.Identity);
    }

    /// <summary>If-None-Match holds this ETag (or *), weak comparison as RFC 9110 §13.1.2 prescribes for GET.</summary>
    public static bool Matches(HttpRequest request, string etag)
    {
        if (!EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags)) return false;
        var current = new EntityTagHeaderValue(etag);
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(current, useStrongComparison: false));
    }
}
