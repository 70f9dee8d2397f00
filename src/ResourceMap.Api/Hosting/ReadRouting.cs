namespace ResourceMap.Api.Hosting;

/// <summary>
/// Which requests may be answered from a standby (ConnectionStrings:ResourceMapRead): reads of collections —
/// searches (GET and the POST polygon search), tiles, lists, reference data, exports and the coverage analysis —
/// which may lag the primary by the replication delay. Everything else uses the primary: writes, and reads that
/// must see the caller's own write (a record by id with its ETag for If-Match, a survey's progress, audit, keys).
/// </summary>
public static class ReadRouting
{
    private static readonly string[] CollectionReads =
        ["/api/organizations", "/api/services", "/api/locations", "/api/regions", "/api/surveys"];

    private static readonly string[] ReadOnlyAreas =
        ["/api/search", "/tiles", "/api/municipalities", "/api/taxonomy", "/api/sharing", "/api/analytics/coverage", "/api/geocode"];

    public static bool MayReadFromStandby(HttpRequest request)
    {
        var path = request.Path;
        var read = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        if (HttpMethods.IsPost(request.Method) && path.StartsWithSegments("/api/search")) return true;
        if (!read) return false;
        if (ReadOnlyAreas.Any(area => path.StartsWithSegments(area))) return true;
        var exact = path.Value?.TrimEnd('/') ?? "";
        return CollectionReads.Contains(exact, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>For the persistence registration: the request of the scope, if any (start-up work uses the primary).</summary>
    public static bool MayReadFromStandby(IServiceProvider scope) =>
        scope.GetService<IHttpContextAccessor>()?.HttpContext?.Request is { } request && MayReadFromStandby(request);
}
