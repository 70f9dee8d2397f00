using Microsoft.Net.Http.Headers;

namespace ResourceMap.Api.Common;

/// <summary>Optimistic concurrency: the ETag is the row version (PostgreSQL xmin); If-Match must carry it.</summary>
public static class ETags
{
    public static string For(uint version) => $"\"{version}\"";

    public static void Set(HttpResponse response, uint version) => response.Headers.ETag = For(version);

    /// <summary>
    /// Reads If-Match. Returns null when absent (the write goes ahead) or "*"; otherwise the version it names,
    /// or 0 when it names no version this API ever issued, which then never matches.
    /// </summary>
    public static uint? ExpectedVersion(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*") return null;
        if (!EntityTagHeaderValue.TryParseList([header], out var tags) || tags.Count == 0) return 0;
        foreach (var tag in tags)
        {
            if (uint.TryParse(tag.Tag.ToString().Trim('"'), out var version)) return version;
        }
        return 0;
    }
}
