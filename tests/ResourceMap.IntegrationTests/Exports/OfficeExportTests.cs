using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using MiniExcelLibs;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Exports;

[Collection(ApiCollection.Name)]
public class OfficeExportTests(ApiFixture api)
{
    private const string Validation = "urn:resourcemap:problem:validation";

    private static List<string[]> ReadCsv(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var csv = CsvHelper.CsvReader.Create(reader, new CsvHelper.CsvReaderOptions { HasHeader = false });
        var rows = new List<string[]>();
        while (csv.Read()) rows.Add(Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToArray());
        return rows;
    }

    /// <summary>How many (service, site) rows the region search returns for the same filter, over every page.</summary>
    private async Task<HashSet<Guid>> SearchServicesAsync(string query)
    {
        var ids = new HashSet<Guid>();
        string? cursor = null;
        do
        {
            var page = await (await api.Anonymous().GetAsync($"/api/search/region?{query}&limit=200" + (cursor is null ? "" : $"&cursor={cursor}"))).JsonAsync(200);
            foreach (var item in page.GetProperty("items").EnumerateArray()) ids.Add(item.GetProperty("service_id").GetGuid());
            cursor = page.GetProperty("next_cursor").GetString();
        } while (cursor is not null);
        return ids;
    }

    [Fact]
    public async Task The_full_CSV_streams_every_row_unpaged_with_Japanese_labels_on_request()
    {
        var response = await api.Anonymous().GetAsync("/api/exports/services.csv?region=nishi-iburi");
        Assert.Equal(200, (int)response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var rows = ReadCsv(bytes);
        var header = rows[0];
        Assert.Equal("municipality_code", header[0]);
        Assert.Equal("service_id", header[^1]);
        foreach (var column in new[] { "phone", "hours", "website", "anonymous_ok", "channels", "last_verified_at", "target_groups" })
            Assert.Contains(column, header);
        var data = rows.Skip(1).ToList();
        Assert.True(data.Count > 50, $"the export is not cut at a page: {data.Count} rows");
        var exported = data.Select(r => Guid.Parse(r[^1])).ToHashSet();
        Assert.Subset(exported, await SearchServicesAsync("region=nishi-iburi"));
        Assert.All(data, r => Assert.Matches("^0[0-9]{4}$", r[0]));
        var anonymous = Array.IndexOf(header, "anonymous_ok");
        Assert.All(data, r => Assert.Contains(r[anonymous], new[] { "true", "false" }));
        var verified = Array.IndexOf(header, "last_verified_at");
        Assert.All(data, r => Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$", r[verified]));

        var ja = ReadCsv(await (await api.Anonymous().GetAsync("/api/exports/services.csv?municipality=01230&category=ibasho&lang=ja")).Content.ReadAsByteArrayAsync());
        Assert.Equal("市町村コード", ja[0][0]);
        var category = Array.IndexOf(ja[0], "分類");
        Assert.NotEmpty(ja.Skip(1));
        Assert.All(ja.Skip(1), r => Assert.Equal("居場所づくり", r[category]));
        Assert.All(ja.Skip(1), r => Assert.Contains(r[Array.IndexOf(ja[0], "匿名相談")], new[] { "はい", "いいえ" }));
        Assert.Contains(ja.Skip(1), r => r[Array.IndexOf(ja[0], "開設時間")].Contains("曜日"));

        await (await api.Anonymous().GetAsync("/api/exports/services.csv?category=cafe")).ProblemAsync(400, Validation);
        await (await api.Anonymous().GetAsync("/api/exports/services.csv?region=atlantis")).ProblemAsync(400, Validation);
    }

    [Fact]
    public async Task The_search_CSV_has_the_export_columns_one_style_and_names_its_next_page()
    {
        var response = await api.Anonymous().GetAsync("/api/search/region?region=nishi-iburi&format=csv&limit=10&lang=ja");
        Assert.Equal(200, (int)response.StatusCode);
        var rows = ReadCsv(await response.Content.ReadAsByteArrayAsync());
        var header = rows[0];
        Assert.Equal("市町村コード", header[0]);
        foreach (var column in new[] { "電話", "開設時間", "ウェブサイト", "匿名相談", "相談方法", "最終確認日時", "距離(m)" }) Assert.Contains(column, header);
        Assert.Equal(10, rows.Count - 1);
        Assert.All(rows.Skip(1), r => Assert.Contains(r[Array.IndexOf(header, "匿名相談")], new[] { "はい", "いいえ" }));
        Assert.All(rows.Skip(1), r => Assert.Matches(@"\+09:00$", r[Array.IndexOf(header, "最終確認日時")]));
        Assert.True(response.Headers.TryGetValues("X-Next-Cursor", out var cursor), "a cut page names the next one");
        var next = response.Headers.GetValues("Link").Single();
        Assert.Contains("rel=\"next\"", next);
        var url = next[(next.IndexOf('<') + 1)..next.IndexOf('>')];
        Assert.Contains(Uri.EscapeDataString(cursor!.Single()), url);
        var second = ReadCsv(await (await api.Anonymous().GetAsync(url)).Content.ReadAsByteArrayAsync());
        Assert.NotEqual(rows[1], second[1]);
    }

    [Fact]
    public async Task The_XLSX_keeps_municipality_codes_as_text()
    {
        var response = await api.Anonymous().GetAsync("/api/exports/services.xlsx?municipality=01230&lang=ja");
        Assert.Equal(200, (int)response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        // In the sheet XML, 01230 is a string cell: a number cell would have lost the leading zero.
        using (var zip = new ZipArchive(new MemoryStream(bytes)))
        {
            var sheet = await new StreamReader(zip.Entries.First(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)).Open()).ReadToEndAsync();
            Assert.DoesNotContain("<v>1230</v>", sheet);
        }
        var rows = (await new MemoryStream(bytes).QueryAsync(useHeaderRow: true)).Cast<IDictionary<string, object>>().ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal("01230", Assert.IsType<string>(r["市町村コード"])));
        var csv = ReadCsv(await (await api.Anonymous().GetAsync("/api/exports/services.csv?municipality=01230&lang=ja")).Content.ReadAsByteArrayAsync());
        Assert.Equal(csv.Count - 1, rows.Count);
        Assert.Equal(csv[0], rows[0].Keys.ToArray());
    }

    [Fact]
    public async Task The_print_page_renders_to_a_PDF_that_carries_every_name()
    {
        var response = await api.Anonymous().GetAsync("/api/exports/consultation-list.html?region=nishi-iburi&category=consultation");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("style-src 'sha256-", csp);
        Assert.DoesNotContain("script-src", csp);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("@page { size: A4;", html);
        Assert.Contains("<h2>相談窓口</h2>", html);

        var names = ReadCsv(await (await api.Anonymous().GetAsync("/api/exports/services.csv?region=nishi-iburi&category=consultation")).Content.ReadAsByteArrayAsync())
            .Skip(1).Select(r => r[3]).Distinct().ToList();
        Assert.NotEmpty(names);
        foreach (var label in new[] { "開設時間", "電話", "住所", "匿名での相談", "相談方法", "最終確認日" }) Assert.Contains(label, html);

        var directory = Directory.CreateTempSubdirectory("consultation-list-");
        try
        {
            var page = Path.Combine(directory.FullName, "list.html");
            var pdf = Path.Combine(directory.FullName, "list.pdf");
            await File.WriteAllTextAsync(page, html);
            await RunAsync("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", $"--user-data-dir={Path.Combine(directory.FullName, "profile")}",
                "--no-pdf-header-footer", $"--print-to-pdf={pdf}", new Uri(page).AbsoluteUri);
            Assert.True(new FileInfo(pdf).Length > 1000, "the PDF is empty");
            await RunAsync("pdftotext", "-enc", "UTF-8", pdf, Path.Combine(directory.FullName, "list.txt"));
            var text = await File.ReadAllTextAsync(Path.Combine(directory.FullName, "list.txt"));
            // Line breaks may fall inside a long name: compare without whitespace.
            var flat = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
            Assert.Contains("相談窓口一覧", flat);
            foreach (var name in names) Assert.Contains(string.Concat(name.Where(c => !char.IsWhiteSpace(c))), flat);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start (scripts/test.sh installs it).");
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{program} exited {process.ExitCode}: {await stderr}");
    }
}
