using System.Text;
using CsvHelper;
using MiniExcelLibs;
using ResourceMap.Api.Common;

namespace ResourceMap.Api.Exports;

/// <summary>
/// Office exports of the directory for municipal staff: the full CSV (streamed, unpaged), an XLSX workbook and the
/// printable 相談窓口一覧, all filtered like the searches and limited to what the caller may read.
/// </summary>
public static class ExportsApi
{
    public static RouteGroupBuilder MapExportsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/exports").WithTags("Exports");
        group.MapGet("/services.csv", CsvAsync).WithName("ExportServicesCsv").WithSummary("Every matching service at each of its sites as CSV (unpaged, streamed)")
            .WithDescription("UTF-8 with BOM for Excel; lang=ja gives Japanese headers and labels. Codes are text; booleans true/false (ja: はい/いいえ); timestamps ISO 8601 in Japan time.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesValidationProblem();
        group.MapGet("/services.xlsx", XlsxAsync).WithName("ExportServicesXlsx").WithSummary("The same rows as an Excel workbook (every cell text, so 01230 stays 01230)")
            .Produces(StatusCodes.Status200OK, contentType: XlsxType).ProducesValidationProblem();
        group.MapGet("/consultation-list.html", PrintAsync).WithName("ExportConsultationList").WithSummary("相談窓口一覧: an A4 print page grouped by category and municipality")
            .Produces(StatusCodes.Status200OK, contentType: "text/html").ProducesValidationProblem();
        return group;
    }

    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const int CsvChunkRows = 500;

    private static async Task<IResult?> FilterAsync(DirectoryExportQuery query, HttpContext http, DirectoryExport export,
        Func<DirectoryExport.Filter, Task> write, CancellationToken ct)
    {
        var (filter, errors) = await export.FilterAsync(query, await Viewer.ForAsync(http, ct), ct);
        if (filter is null) return Problems.ValidationProblem(errors);
        await write(filter);
        return null;
    }

    private static async Task<IResult> CsvAsync([AsParameters] DirectoryExportQuery query, HttpContext http, DirectoryExport export,
        ExportColumns columns, CancellationToken ct) =>
        await FilterAsync(query, http, export, async filter =>
        {
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = "attachment; filename=\"services.csv\"";
            var japanese = query.Japanese;
            var chunk = new List<ExportRow>(CsvChunkRows);
            var first = true;
            async Task FlushAsync()
            {
                // The CSV writer writes synchronously: each chunk goes through memory, then out asynchronously.
                using var memory = new MemoryStream();
                using (var csv = CsvWriter.Create(memory, new CsvWriterOptions { WriteByteOrderMark = first, Injection = CsvInjection.Escape }, leaveOpen: true))
                {
                    if (first) csv.WriteRecord(columns.All.Select(c => japanese ? c.Japanese : c.Key).ToArray());
                    foreach (var row in chunk) csv.WriteRecord(columns.All.Select(c => c.Value(row, japanese)).ToArray());
                }
                first = false;
                chunk.Clear();
                memory.Position = 0;
                await memory.CopyToAsync(http.Response.Body, ct);
            }
            await foreach (var row in export.RowsAsync(filter, ct))
            {
                chunk.Add(row);
                if (chunk.Count == CsvChunkRows) await FlushAsync();
            }
            await FlushAsync();
        }, ct) ?? Results.Empty;

    private static async Task<IResult> XlsxAsync([AsParameters] DirectoryExportQuery query, HttpContext http, DirectoryExport export,
        ExportColumns columns, CancellationToken ct) =>
        await FilterAsync(query, http, export, async filter =>
        {
            var japanese = query.Japanese;
            var rows = (await export.SortedRowsAsync(filter, ct)).Select(row =>
                (IDictionary<string, object>)columns.All.ToDictionary(c => japanese ? c.Japanese : c.Key, c => (object)c.Value(row, japanese))).ToList();
            if (rows.Count == 0)
                rows.Add(columns.All.ToDictionary(c => japanese ? c.Japanese : c.Key, _ => (object)""));
            using var memory = new MemoryStream();
            await memory.SaveAsAsync(rows, sheetName: japanese ? "相談窓口一覧" : "services", cancellationToken: ct);
            http.Response.ContentType = XlsxType;
            http.Response.Headers.ContentDisposition = "attachment; filename=\"services.xlsx\"";
            memory.Position = 0;
            await memory.CopyToAsync(http.Response.Body, ct);
        }, ct) ?? Results.Empty;

    private static async Task<IResult> PrintAsync([AsParameters] DirectoryExportQuery query, HttpContext http, DirectoryExport export,
        ConsultationListPage page, CancellationToken ct) =>
        await FilterAsync(query, http, export, async filter =>
        {
            var rows = await export.SortedRowsAsync(filter, ct);
            http.Response.ContentType = "text/html; charset=utf-8";
            http.Response.Headers.ContentSecurityPolicy = ConsultationListPage.ContentSecurityPolicy;
            await http.Response.WriteAsync(page.Render(rows, Conditions(query), DateTimeOffset.UtcNow), Encoding.UTF8, ct);
        }, ct) ?? Results.Empty;

    private static string Conditions(DirectoryExportQuery query)
    {
        var parts = new List<string>();
        if (query.Municipality is not null) parts.Add($"市町村 {query.Municipality}");
        if (query.Region is not null) parts.Add($"地域 {query.Region}");
        if (query.Category is not null) parts.Add($"分類 {query.Category}");
        if (query.TargetGroup is not null) parts.Add($"対象 {query.TargetGroup}");
        if (query.Keyword is not null) parts.Add($"困りごと {query.Keyword}");
        if (query.Q is not null) parts.Add($"キーワード「{query.Q}」");
        return parts.Count == 0 ? "条件：すべて" : "条件：" + string.Join("、", parts);
    }
}
