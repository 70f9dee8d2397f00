using Microsoft.Extensions.Options;

namespace ResourceMap.Api.Hosting;

public static class PublicLocation
{
    /// <summary>
    /// Rewrites the Location header of every response onto the public base URL (<see cref="PublicBaseUrlOptions"/>),
    /// never the request's Host header, which a client or a misconfigured proxy can set to anything. Framework
    /// helpers such as CreatedAtRoute build it from the request's Host; only its path and query are kept.
    /// </summary>
    public static WebApplication UsePublicLocation(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<PublicBaseUrlOptions>>().Value;
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var location = context.Response.Headers.Location.ToString();
                if (location.Length > 0 && Uri.TryCreate(location, UriKind.RelativeOrAbsolute, out var uri))
                {
                    var pathAndQuery = uri.IsAbsoluteUri ? uri.PathAndQuery : location;
                    context.Response.Headers.Location = options.Link(pathAndQuery);
                }
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
