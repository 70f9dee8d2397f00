using System.ComponentModel.DataAnnotations;

namespace ResourceMap.Api.Hosting;

/// <summary>
/// Hosting:PublicBaseUrl — the address clients reach the API at (scheme, host, port and any path prefix), for links
/// the API writes into responses: Location headers, tile URLs, next-page links. Behind a proxy it is the proxy's
/// address, not the one Kestrel listens on. scripts/run.sh sets it from RESOURCEMAP_URL.
/// </summary>
public sealed class PublicBaseUrlOptions
{
    public const string Section = "Hosting";
    public const string Default = "http://127.0.0.1:5080";

    [Required]
    [Url]
    public string PublicBaseUrl { get; set; } = Default;

    /// <summary>The base URL without a trailing slash, ready to have a path appended.</summary>
    public Uri BaseUri => new(PublicBaseUrl.TrimEnd('/'), UriKind.Absolute);

    /// <summary>An absolute URL for a path of this API (with or without a leading slash).</summary>
    public string Link(string path) => PublicBaseUrl.TrimEnd('/') + "/" + path.TrimStart('/');
}
