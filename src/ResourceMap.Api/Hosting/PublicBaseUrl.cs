namespace ResourceMap.Api.Hosting;

/// <summary>
/// Where clients reach the API (Hosting:PublicBaseUrl): absolute links such as the HSDS profile and OpenAPI URLs are
/// built from it rather than from the request's Host header, which a proxy or a client can set to anything.
/// </summary>
public sealed class PublicBaseUrlOptions
{
    public const string Section = "Hosting";

    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>The base URL without a trailing slash, joined with an absolute path.</summary>
    public string Link(string path) => PublicBaseUrl.TrimEnd('/') + path;
}
