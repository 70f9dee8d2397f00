using Microsoft.Net.Http.Headers;

namespace ResourceMap.Api.WebConsole;

/// <summary>
/// The web console (the public map at <c>/</c> and the staff workbench) is a static front-end built from
/// src/ResourceMap.Web into the API's wwwroot by scripts/run.sh and scripts/test.sh. It talks to the public HTTP API
/// only, so serving it is just files: index.html at <c>/</c> and the bundle under <c>/assets/</c>.
/// </summary>
public static class WebConsoleHosting
{
    /// <summary>
    /// The console's pages run their own scripts and a map worker, so they get a CSP that allows this origin's
    /// scripts, styles, worker and API calls (MapLibre's CSP build loads its worker from /assets, not a blob)
    /// and nothing from elsewhere; every other response keeps the API's allow-nothing policy.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; "
        + "connect-src 'self'; worker-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static bool IsConsolePath(PathString path) =>
        path == "/" || path == "/index.html" || path.StartsWithSegments("/assets");

    /// <summary>
    /// Serves the built console before the read rate limiter: loading the page is not an API read.
    /// Files under /assets carry a content hash in their names (src/ResourceMap.Web/build.mjs), so browsers keep
    /// them for a year without asking again; index.html, which names them, is revalidated on every load.
    /// </summary>
    public static WebApplication UseWebConsole(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = ctx => ctx.Context.Response.Headers[HeaderNames.CacheControl] =
                ctx.Context.Request.Path.StartsWithSegments("/assets") ? "public, max-age=31536000, immutable" : "no-cache",
        });
        return app;
    }
}
