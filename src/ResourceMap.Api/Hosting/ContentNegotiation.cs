using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;
using ResourceMap.Api.Common;

namespace ResourceMap.Api.Hosting;

/// <summary>An endpoint that produces several representations of one resource (e.g. JSON, GeoJSON, CSV).</summary>
public interface IRepresentationsMetadata
{
    /// <summary>The media types in the server's order of preference; the first is the default.</summary>
    IReadOnlyList<string> MediaTypes { get; }

    /// <summary>A query parameter that names the representation explicitly and overrides Accept (e.g. format).</summary>
    string? FormatParameter { get; }
}

/// <summary>
/// The one place that reads Accept (RFC 9110 §12.5.1): each media type an endpoint can produce gets the quality of the
/// most specific range that matches it (type/subtype over type/* over */*), q=0 excludes, the highest quality wins and
/// the server's order breaks ties. No Accept header means "anything", so the first type.
/// </summary>
public static class ContentNegotiation
{
    /// <returns>The type to answer with, or null when the client accepts none of them (406).</returns>
    public static string? Choose(HttpRequest request, IReadOnlyList<string> produced)
    {
        if (produced.Count == 0) return null;
        var header = request.Headers.Accept;
        if (header.Count == 0 || string.IsNullOrWhiteSpace(header.ToString())) return produced[0];
        if (!MediaTypeHeaderValue.TryParseList(header, out var ranges) || ranges.Count == 0) return produced[0];

        string? best = null;
        var bestQuality = 0.0;
        foreach (var type in produced)
        {
            var quality = QualityOf(new MediaTypeHeaderValue(type), ranges);
            if (quality > bestQuality) { best = type; bestQuality = quality; }
        }
        return best;
    }

    /// <summary>
    /// Exact type/subtype, type/* or */* — compared literally: application/geo+json is not an application/json for a
    /// client that asked for the latter (the framework's IsSubsetOf would say it is, through the +json suffix).
    /// </summary>
    private static double QualityOf(MediaTypeHeaderValue type, IList<MediaTypeHeaderValue> ranges)
    {
        var specificity = -1;
        var quality = 0.0;
        foreach (var range in ranges)
        {
            int rangeSpecificity;
            if (range.MatchesAllTypes) rangeSpecificity = 0;
            else if (!range.Type.Equals(type.Type, StringComparison.OrdinalIgnoreCase)) continue;
            else if (range.MatchesAllSubTypes) rangeSpecificity = 1;
            else if (range.SubType.Equals(type.SubType, StringComparison.OrdinalIgnoreCase)) rangeSpecificity = 2;
            else continue;
            if (rangeSpecificity <= specificity) continue;
            specificity = rangeSpecificity;
            quality = range.Quality ?? 1.0;
        }
        return quality;
    }

    /// <summary>
    /// Answers 406 with a problem document when the client accepts none of the types the endpoint declares for its
    /// successful responses; endpoints that declare none are left alone.
    /// </summary>
    public static IApplicationBuilder UseContentNegotiation(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null || context.Request.Headers.Accept.Count == 0 || HttpMethods.IsOptions(context.Request.Method))
        {
            await next(context);
            return;
        }
        var representations = endpoint.Metadata.GetMetadata<IRepresentationsMetadata>();
        if (representations?.FormatParameter is { } parameter && context.Request.Query.ContainsKey(parameter))
        {
            await next(context);
            return;
        }
        var produced = ProducedTypes(endpoint, representations);
        if (produced.Count == 0 || Choose(context.Request, produced) is not null)
        {
            await next(context);
            return;
        }
        // The problem is JSON although the client did not ask for it: RFC 9110 lets a 406 carry any type, and this one
        // says what the endpoint can produce. (The problem details writer itself honours Accept, so it is bypassed.)
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = 406, Type = Problems.NotAcceptable, Title = "Not acceptable", Instance = context.Request.Path,
            Detail = $"This endpoint answers {string.Join(", ", produced)}; the Accept header '{context.Request.Headers.Accept}' allows none of them.",
            Extensions = { ["available"] = produced, ["request_id"] = context.TraceIdentifier },
        };
        await TypedResults.Json(problem, statusCode: 406, contentType: "application/problem+json").ExecuteAsync(context);
    });

    private static List<string> ProducedTypes(Endpoint endpoint, IRepresentationsMetadata? representations)
    {
        var types = new List<string>();
        if (representations is not null) types.AddRange(representations.MediaTypes);
        foreach (var produces in endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>())
        {
            if (produces.StatusCode is < 200 or > 299) continue;
            foreach (var type in produces.ContentTypes)
                if (!types.Contains(type, StringComparer.OrdinalIgnoreCase)) types.Add(type);
        }
        return types;
    }
}
