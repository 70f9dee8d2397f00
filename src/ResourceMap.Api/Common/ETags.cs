namespace ResourceMap.Api.Common;

/// <summary>Optimistic concurrency: the ETag is the row version (PostgreSQL xmin); see <see cref="IfMatch"/> for how it is checked.</summary>
public static class ETags
{
    public static string For(uint version) => $"\"{version}\"";

    public static void Set(HttpResponse response, uint version) => response.Headers.ETag = For(version);
}
