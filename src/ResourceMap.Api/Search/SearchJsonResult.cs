using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ResourceMap.Api.Search;

/// <summary>
/// A search page as JSON, written field by field with a <see cref="Utf8JsonWriter"/>: the bytes JsonSerializer writes
/// for <see cref="SearchResponse"/> with the API's options (SearchJsonResultTests holds the two equal, so a field added
/// to the records and not here fails there), without the serializer's per-property machinery, which was a quarter of
/// the API's CPU for a nearby search of 50 results.
/// </summary>
public sealed class SearchJsonResult(SearchResponse response) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var options = httpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        await using (var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter, WriterOptions(options)))
            Write(writer, response);
        await httpContext.Response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }

    public static JsonWriterOptions WriterOptions(JsonSerializerOptions options) =>
        new() { Encoder = options.Encoder, Indented = options.WriteIndented, SkipValidation = true };

    public static void Write(Utf8JsonWriter writer, SearchResponse response)
    {
        writer.WriteStartObject();
        writer.WriteNumber("count", response.Count);
        if (response.Total is { } total) writer.WriteNumber("total", total);
        WriteStringOrNull(writer, "next_cursor", response.NextCursor);
        WriteStringOrNull(writer, "next", response.Next);
        writer.WriteStartArray("items");
        foreach (var item in response.Items) WriteItem(writer, item);
        writer.WriteEndArray();
        if (response.TotalIsLowerBound is { } lowerBound) writer.WriteBoolean("total_is_lower_bound", lowerBound);
        writer.WriteEndObject();
    }

    private static void WriteItem(Utf8JsonWriter writer, SearchItem item)
    {
        writer.WriteStartObject();
        writer.WriteString("service_id", item.ServiceId);
        writer.WriteString("name", item.Name);
        writer.WriteString("category", item.Category);
        writer.WriteStartObject("organization");
        writer.WriteString("id", item.Organization.Id);
        writer.WriteString("name", item.Organization.Name);
        writer.WriteEndObject();
        if (item.Location is { } location)
        {
            writer.WriteStartObject("location");
            writer.WriteString("id", location.Id);
            WriteStringOrNull(writer, "address", location.Address);
            WriteStringOrNull(writer, "municipality_code", location.MunicipalityCode);
            writer.WriteNumber("lat", location.Lat);
            writer.WriteNumber("lng", location.Lng);
            writer.WriteEndObject();
        }
        else writer.WriteNull("location");
        if (item.DistanceM is { } distance) writer.WriteNumber("distance_m", distance);
        else writer.WriteNull("distance_m");
        writer.WriteString("service_area_level", item.ServiceAreaLevel);
        writer.WriteBoolean("anonymous_ok", item.AnonymousOk);
        writer.WriteBoolean("accepts_other_municipalities", item.AcceptsOtherMunicipalities);
        WriteStrings(writer, "target_groups", item.TargetGroups);
        WriteStrings(writer, "problem_keywords", item.ProblemKeywords);
        WriteStrings(writer, "channels", item.Channels);
        writer.WriteString("last_verified_at", item.LastVerifiedAt);
        writer.WriteBoolean("stale", item.Stale);
        writer.WriteEndObject();
    }

    private static void WriteStringOrNull(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null) writer.WriteNull(name);
        else writer.WriteString(name, value);
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values) writer.WriteStringValue(value);
        writer.WriteEndArray();
    }
}
