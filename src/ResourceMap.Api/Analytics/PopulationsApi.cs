using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ResourceMap.Api.Common;
using ResourceMap.Api.Hosting;
using ResourceMap.Api.Surveys;
using ResourceMap.Infrastructure.Analytics;
using ResourceMap.Infrastructure.Persistence;
using ResourceMap.Infrastructure.Surveys;

namespace ResourceMap.Api.Analytics;

public record PopulationImportResult(
    [property: Description("Rows in the file, all stored.")] int Rows,
    [property: Description("Municipalities that had no population before.")] int Created,
    [property: Description("Municipalities whose population was replaced.")] int Updated,
    [property: Description("utf-8 or shift_jis, as detected (or as encoding= said).")] string Encoding);

public record PopulationItem(
    string MunicipalityCode,
    string OfficialCode,
    string MunicipalityName,
    int Population,
    [property: Description("The date the figure describes.")] DateOnly AsOf,
    string Source,
    DateTimeOffset ImportedAt);

public record PopulationList(int Count, IReadOnlyList<PopulationItem> Items);

public static class PopulationsApi
{
    public static RouteGroupBuilder MapPopulationsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/analytics/populations").WithTags("Analytics");
        group.MapGet("/", ListAsync).WithName("ListPopulations").WithSummary("Loaded municipal populations")
            .WithDescription("The population figures the gap analysis divides by, with their date and source, by municipality code. None ship with ResourceMap: an admin loads them with PUT.");
        group.MapPut("/", ImportAsync).WithName("ImportPopulations").WithSummary("Load municipal populations from a CSV (admin)")
            .WithDescription("multipart/form-data with a `file` part: CSV (UTF-8 with or without BOM, or Shift_JIS/CP932, detected unless encoding= says; XLSX also " +
                             "works) with the header municipality_code,population,as_of,source. municipality_code: 5 digits, or 6 with a correct check " +
                             "digit, of a known municipality, once per file; population: a whole number, 0–20,000,000; as_of: yyyy-MM-dd (or Excel's " +
                             "yyyy/MM/dd), not in the future; source: required, at most 500 characters. Other columns are ignored. All or nothing: " +
                             "when any row is rejected nothing is stored and the 400 problem names every rejected row and field (errors keyed " +
                             "rows[<row_number>].<column>, and rejected_rows). An accepted file replaces the figures of the municipalities it lists " +
                             "in one transaction; municipalities it does not list keep theirs.")
            .RequireAuthorization(AuthPolicies.Admin).DisableAntiforgery().Accepts<IFormFile>("multipart/form-data");
        return group;
    }

    private static async Task<Results<Ok<PopulationList>, ValidationProblem>> ListAsync(
        [FromQuery(Name = "region"), Description("Only the members of this region, e.g. nishi-iburi.")] string? region,
        ResourceMapDbContext db, CancellationToken ct)
    {
        if (region is not null && !await db.Regions.AnyAsync(r => r.Id == region, ct))
            return Problems.ValidationProblem("region", $"No region has the id {region}.");
        var populations = db.MunicipalityPopulations.AsNoTracking();
        if (region is not null)
            populations = populations.Where(p => db.RegionMembers.Any(m => m.RegionId == region && m.MunicipalityCode == p.MunicipalityCode));
        var items = await populations.OrderBy(p => p.MunicipalityCode)
            .Join(db.Municipalities, p => p.MunicipalityCode, m => m.Code,
                (p, m) => new PopulationItem(p.MunicipalityCode, m.OfficialCode, m.Name, p.Population, p.AsOf, p.Source, p.ImportedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(new PopulationList(items.Count, items));
    }

    private static async Task<Results<Ok<PopulationImportResult>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        IFormFile? file,
        [FromQuery(Name = "encoding"), Description("auto (default), utf-8 or shift_jis.")] string? encoding,
        HttpContext http, PopulationImport import, CancellationToken ct)
    {
        if (file is null) return Problems.ValidationProblem("file", "Send the table as the multipart part named 'file'.");
        await using var upload = await UploadedFile.CopyAsync(file, ct);
        PopulationImportOutcome outcome;
        try
        {
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Japan).DateTime);
            outcome = await import.ImportAsync(upload.Stream, upload.Name, encoding, http.User.FindFirstValue(ClaimTypes.Name) ?? "unknown", today, ct);
        }
        catch (TabularFileException e)
        {
            return Problems.FileProblem(e);
        }
        if (!outcome.Stored)
        {
            var errors = outcome.Rejected
                .SelectMany(row => row.Errors.Select(error => (Key: $"rows[{row.RowNumber}].{error.Field}", error.Reason)))
                .GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray());
            return TypedResults.ValidationProblem(errors,
                $"{outcome.Rejected.Count} of {outcome.Rows} rows are rejected; nothing was stored. Correct them and send the whole file again.",
                type: Problems.Validation, title: "Validation failed",
                extensions: new Dictionary<string, object?> { ["rejected_rows"] = outcome.Rejected });
        }
        return TypedResults.Ok(new PopulationImportResult(outcome.Rows, outcome.Created, outcome.Updated, outcome.Encoding));
    }

    private static readonly TimeZoneInfo Japan = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
}
