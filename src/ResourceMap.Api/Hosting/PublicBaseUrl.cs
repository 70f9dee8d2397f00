namespace ResourceMap.Api.Hosting;

/// <summary>
/// Hosting:PublicBaseUrl — where clients reach this API (scheme, host, port, optional path prefix). Links the API
/// hands out (Location headers …) are built from it, never from the request's Host header, which a client or a
/// misconfigured proxy can set to anything.
/// </summary>
public sealed class PublicBaseUrlOptions
{
    public const string Section = "Hosting";
    public const string Default = "http://127.0.0.1:5080";

    public string PublicBaseUrl { get; set; } = Default;

    public Uri BaseUri => new(PublicBaseUrl.TrimEnd('/') + "/", UriKind.Absolute);

    /// <summary>The public URL of a path (and query) on this API.</summary>
    public string Absolute(string pathAndQuery) => BaseUri.GetLeftPart(UriPartial.Authority) + BaseUri.AbsolutePath.TrimEnd('/') + pathAndQuery;
}

public static class PublicLinks
{
    /// <summary>
    /// Rewrites the Location header of every response onto the public base URL. Framework helpers such as
    /// CreatedAtRoute build it from the request's Host; only its path and query are kept.
    /// </summary>
    public static WebApplication UsePublicLocation(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PublicBaseUrlOptions>>().Value;
        _ = options.BaseUri; // a malformed setting fails at start-up, not on the first write
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var location = context.Response.Headers.Location.ToString();
                if (location.Length > 0 && Uri.TryCreate(location, UriKind.RelativeOrAbsolute, out var uri))
                {
                    var pathAndQuery = uri.IsAbsoluteUri ? uri.PathAndQuery : location.StartsWith('/') ? location : "/" + location;
                    context.Response.Headers.Location = options.Absolute(pathAndQuery);
                }
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
