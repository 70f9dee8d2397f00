namespace ResourceMap.Api.Hosting;

/// <summary>
/// Where clients reach the API (Hosting:PublicBaseUrl): links the API hands out — TileJSON tile URLs, GeoJSON next
/// links — are built from it rather than from the request's Host, which behind a proxy is the proxy's view.
/// </summary>
public sealed class PublicBaseUrlOptions
{
    public const string Section = "Hosting";
    public const string Default = "http://127.0.0.1:5080";

    public string PublicBaseUrl { get; set; } = Default;

    /// <summary>An absolute URL for a path (with its query) under the public base URL.</summary>
    public string Link(string pathAndQuery) => PublicBaseUrl.TrimEnd('/') + "/" + pathAndQuery.TrimStart('/');
}
