using CsvHelper;
using ResourceMap.Infrastructure.Search;

namespace ResourceMap.Api.Exports;

/// <summary>
/// A search page as CSV, with the office exports' columns (phone, hours, website …) plus distance and coordinates,
/// lang=ja for Japanese headers and labels. A page is a page: the cursor of the next one is in the X-Next-Cursor and
/// Link headers, and /api/exports/services.csv gives every row at once.
/// </summary>
public sealed class SearchCsvResult(IReadOnlyList<SearchHit> hits, string? nextCursor, string fileName) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var http = httpContext;
        var export = http.RequestServices.GetRequiredService<DirectoryExport>();
        var columns = http.RequestServices.GetRequiredService<ExportColumns>();
        var japanese = http.Request.Query["lang"] == "ja";
        var rows = await export.RowsForAsync(hits.Select(h => (h.ServiceId, h.LocationId)).ToList(), http.RequestAborted);
        using var memory = new MemoryStream();
        using (var csv = CsvWriter.Create(memory, new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.Escape }, leaveOpen: true))
        {
            csv.WriteRecord([.. columns.All.Select(c => japanese ? c.Japanese : c.Key),
                japanese ? "距離(m)" : "distance_m", japanese ? "緯度" : "lat", japanese ? "経度" : "lng"]);
            foreach (var (row, hit) in rows.Zip(hits))
                csv.WriteRecord([.. columns.All.Select(c => c.Value(row, japanese)),
                    hit.DistanceMetres is null ? "" : Math.Round(hit.DistanceMetres.Value, 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    hit.Lat?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                    hit.Lng?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""]);
        }
        if (nextCursor is not null)
        {
            http.Response.Headers["X-Next-Cursor"] = nextCursor;
            var query = System.Web.HttpUtility.ParseQueryString(http.Request.QueryString.Value ?? "");
            query["cursor"] = nextCursor;
            http.Response.Headers.Link = $"<{http.Request.Path}?{query}>; rel=\"next\"";
        }
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        memory.Position = 0;
        await memory.CopyToAsync(http.Response.Body, http.RequestAborted);
    }
}
