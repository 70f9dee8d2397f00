using System.Buffers;
using System.ComponentModel.DataAnnotations;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResourceMap.Api.Common;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Surveys;
using ResourceMap.Domain.Taxonomy;
using ResourceMap.Infrastructure.Geocoding;
using ResourceMap.Infrastructure.Persistence;
using ResourceMap.Infrastructure.Surveys;

namespace ResourceMap.Api.Surveys;

/// <summary>Limits of answer and target imports (section Imports).</summary>
public sealed class ImportOptions
{
    public const string Section = "Imports";
    /// <summary>An XLSX whose parts together would inflate past this many bytes is refused before it is inflated.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxInflatedXlsxBytes { get; set; } = TabularReader.DefaultMaxInflatedBytes;
    /// <summary>Rows of a report served per page.</summary>
    [Range(1, 10_000)]
    public int ReportPageSize { get; set; } = 100;
    /// <summary>
    /// A commit stores the new answers of the rows copied so far every this many rows, while the file is still read
    /// (decision 19). Fewer means more restarts of the COPY; the rows read meanwhile must fit the reader's buffer.
    /// </summary>
    [Range(1, 1_000_000)]
    public int NewAnswersEveryRows { get; set; } = 8192;
}

/// <summary>
/// Imports an answer file: every row is read through the chosen mapping profile, matched to a target (see
/// <see cref="TargetMatcher"/>) and compared with the current answer. A later answer of the same organisation in the
/// file supersedes an earlier one (by the mapped timestamp, else row order). A dry run only reports; a commit
/// archives every row verbatim and applies the accepted ones in one transaction. Either way the per-row report is
/// streamed into the database and served page by page, so neither memory nor the response grows with the file.
/// </summary>
public sealed class AnswerImporter(ResourceMapDbContext db, TaxonomyCatalog catalog, GazetteerGeocoder geocoder, IOptions<ImportOptions> options,
    ILogger<AnswerImporter> logger)
{
    public static readonly JsonSerializerOptions ReportJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private static readonly JsonSerializerOptions HashOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    /// <summary>JSON stored for the report and the archive: Japanese text as UTF-8, not \u escapes (half the bytes to write and to check).</summary>
    private static readonly JsonSerializerOptions StoredJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
    private static readonly byte[] EmptyObject = "{}"u8.ToArray();
    private const int BatchRows = 256;
    private static readonly string[] Required = ["organization_name"];

    /// <summary>The row of the file that currently answers for a target, to decide which answer is later.</summary>
    /// <param name="AnswerId">The answer the row creates or updates: a later row of the same organisation takes it over.</param>
    private sealed record Latest(int RowNumber, DateTimeOffset? SubmittedAt, string Outcome, Guid? AnswerId);

    public async Task<ImportResult> ImportAsync(Survey survey, MappingProfile profile, UploadedFile file, string? encoding, bool commit, Viewer viewer,
        CancellationToken ct)
    {
        var layout = new TableLayout(profile.Options.HeaderRow, profile.Options.Sheet, ColumnMap.HeaderScore(profile, Required),
            ColumnMap.Expected(profile, Required));
        using var reader = TabularReader.Open(file.Stream, file.Name, encoding, layout, options.Value.MaxInflatedXlsxBytes);
        var map = ColumnMap.Build(reader.Headers, profile, Required, reader.SubHeaders);
        // A commit holds the survey's write lock from before it reads the stored state until it commits, so
        // concurrent commits of one file apply it once: the later ones wait and find it all unchanged.
        // Applying 100,000 staged rows is one statement per table: more than the 30 s default on a busy machine.
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (commit) await SurveyWriteLock.AcquireAsync(db, survey.Id, ct);

        var targets = await db.SurveyTargets.AsNoTracking().Where(t => t.SurveyId == survey.Id).ReadableBy(db.Organizations, viewer)
            .Select(t => new MatchTarget(t.Id, t.Name, t.NameKana, t.MunicipalityCode, t.CorporateNumber, t.LegalForm)).ToListAsync(ct);
        var resolutions = await db.SurveyMatchResolutions.AsNoTracking().Where(r => r.SurveyId == survey.Id)
            .ToDictionaryAsync(r => r.MatchKey, r => r.TargetId, ct);
        var matcher = new TargetMatcher(targets, resolutions);
        var current = await db.SurveyAnswers.AsNoTracking().Where(a => a.SurveyId == survey.Id)
            .Select(a => new { a.TargetId, a.Id, a.DataHash }).ToDictionaryAsync(a => a.TargetId, a => (a.Id, a.DataHash), ct);
        var previous = await db.SurveyImports.AsNoTracking()
            .Where(i => i.SurveyId == survey.Id && i.Kind == "answers" && i.Mode == "committed" && i.Checksum == file.Checksum)
            .Select(i => (Guid?)i.Id).FirstOrDefaultAsync(ct);
        // The same file again is staged like any other file and stored only if it changes an answer (a match
        // resolution made since settles a row); otherwise it is kept as a report only and nothing is written.
        var write = commit;

        var interpreter = new AnswerInterpreter(catalog, geocoder, survey.MunicipalityCodes);
        var latest = new Dictionary<Guid, Latest>();
        var counts = new Dictionary<string, int>();
        var warnings = 0;
        var import = new SurveyImport
        {
            Id = Guid.CreateVersion7(), SurveyId = survey.Id, Kind = "answers", FileName = file.Name, Checksum = file.Checksum,
            Format = reader.Format, Encoding = reader.EncodingName, Mode = write ? "committed" : "dry_run", CreatedAt = DateTimeOffset.UtcNow,
            ProfileId = profile.Id, HeaderRow = reader.HeaderRow, SheetName = reader.SheetName, IgnoredHeaders = map.IgnoredHeaders.ToList(),
            Headers = reader.Headers.ToList(),
        };
        try
        {
            // Reports of dry runs are kept a day, for paging; older ones go.
            await db.SurveyImports.Where(i => i.Mode == "dry_run" && i.CreatedAt < DateTimeOffset.UtcNow.AddDays(-1)).ExecuteDeleteAsync(ct);
            db.SurveyImports.Add(import);
            await db.SaveChangesAsync(ct);
            await using var writer = await SurveyBulkWriter.BeginAsync(db, import.Id, survey.Id, import.CreatedAt,
                write ? options.Value.NewAnswersEveryRows : null, ct);
            using var rawCells = new RawCellsJson();
            // Rows are read, interpreted and matched here while another thread writes them into the COPY (original
            // cells and match as JSON), so the two halves of the API's work and PostgreSQL's ingestion overlap on the
            // machine's cores. Rows go over in batches of 256 (a hand-over per row cost more than it saved). While a
            // commit stores the new answers of the rows copied so far, the reading goes on: up to 16 batches wait in
            // between (a few MB; a chunk's answers take about as long as reading 3,000 rows), so memory does not
            // grow with the file.
            var pending = Channel.CreateBounded<List<PendingRow>>(new BoundedChannelOptions(16) { SingleReader = true, SingleWriter = true });
            var batch = new List<PendingRow>(BatchRows);
            var copying = Task.Run(() => CopyRowsAsync(pending, writer, write ? rawCells : null, ct), CancellationToken.None);
            Exception? failed = null;
            try
            {
                while (reader.Read())
                {
                    var cells = reader.Current;
                    var read = await interpreter.ReadAsync(map, cells, ct);
                    var (data, issues) = (read.Data, read.Issues);
                    if (reader.RepeatsHeader)
                        issues.Add(new("row", "この行は見出し行の繰り返しです（2 つのファイルを貼り合わせましたか？）。回答ではないため取り込みません。",
                            "The row repeats the header row (two exports pasted together?); it is not an answer and is not imported."));
                    if (reader.CellsWithNulRemoved > 0) issues.Add(ImportRowIssues.NulRemoved(reader.CellsWithNulRemoved));
                    if (reader.CellsBeyondHeader > 0)
                        issues.Add(new("columns", $"この行は見出しより {reader.CellsBeyondHeader} 個多くのセルがあります（引用符なしの回答にカンマが入っていませんか？）。列がずれている可能性があるため取り込みません。",
                            $"The row has {reader.CellsBeyondHeader} more filled cells than the header has columns (a comma inside an unquoted answer?); its cells may be shifted, so it is not imported."));
                    var match = matcher.Match(data.OrganizationName, data.NameKana, data.LegalForm, read.CorporateNumber, data.GeocodedMunicipalityCode);
                    // A row without a name is still its target's answer when its valid 法人番号 is the target's: the name
                    // is the target's, with a warning. Without that, nothing says whose answer it is.
                    if (data.OrganizationName.Length == 0)
                    {
                        if (match.By == "corporate_number" && matcher.Target(match.TargetId!.Value) is { } numbered)
                        {
                            data = data with { OrganizationName = numbered.Name };
                            issues.Add(new("organization_name", $"団体名が空欄のため、法人番号で照合した調査対象の名称「{numbered.Name}」を使います。",
                                $"The name is empty; the name of the target its corporate number matched, '{numbered.Name}', is used.", Blocking: false));
                        }
                        else issues.Add(new("organization_name", "団体名が空です。", "The organisation name is empty."));
                    }
                    // A name is matched within the answer's municipality; the only target of that name elsewhere is still
                    // the likeliest (an office moved, an activity site given), but it must not pass unremarked.
                    if (match.By == "name_and_legal_form" && data.GeocodedMunicipalityCode is { } answeredIn
                        && matcher.Target(match.TargetId!.Value) is { } named && named.MunicipalityCode != answeredIn)
                        issues.Add(new("address", $"団体名で「{named.Name}」（市町村コード {named.MunicipalityCode}）と照合しましたが、回答の所在地は別の市町村（{answeredIn}）です。同じ団体か確認してください。",
                            $"Matched by name to '{named.Name}' (municipality {named.MunicipalityCode}), but the answer's address is in another municipality ({answeredIn}); check that it is the same organisation.",
                            Blocking: false));

                    var dataJson = JsonSerializer.SerializeToUtf8Bytes(data, HashOptions);
                    var hash = Convert.ToHexStringLower(SHA256.HashData(dataJson));
                    string outcome;
                    if (issues.Any(i => i.Blocking) || match.Status == "rejected") outcome = RowOutcomes.Rejected;
                    else if (match.Status != "matched") outcome = RowOutcomes.NeedsReview;
                    else if (!current.TryGetValue(match.TargetId!.Value, out var existing)) outcome = RowOutcomes.Create;
                    else outcome = existing.DataHash == hash ? RowOutcomes.Unchanged : RowOutcomes.Update;

                    Guid? answerId = outcome switch
                    {
                        RowOutcomes.Create => Guid.CreateVersion7(),
                        RowOutcomes.Update or RowOutcomes.Unchanged => current[match.TargetId!.Value].Id,
                        _ => null,
                    };
                    // A later answer of the same organisation replaces the earlier row, and takes over the answer it
                    // created (a commit may have stored it already); an earlier timestamp loses even if it comes later.
                    (int Row, int By)? supersession = null;
                    if (match.TargetId is { } targetId && answerId is not null)
                    {
                        if (latest.TryGetValue(targetId, out var before))
                        {
                            var later = before.SubmittedAt is { } a && read.SubmittedAt is { } b ? b >= a : true;
                            if (later)
                            {
                                supersession = (before.RowNumber, reader.RowNumber);
                                counts[before.Outcome]--;
                                counts[RowOutcomes.Superseded] = counts.GetValueOrDefault(RowOutcomes.Superseded) + 1;
                                answerId = before.AnswerId;
                                latest[targetId] = new Latest(reader.RowNumber, read.SubmittedAt, outcome, answerId);
                            }
                            else
                            {
                                supersession = (reader.RowNumber, before.RowNumber);
                                outcome = RowOutcomes.Superseded;
                            }
                        }
                        else latest[targetId] = new Latest(reader.RowNumber, read.SubmittedAt, outcome, answerId);
                    }
                    counts[outcome] = counts.GetValueOrDefault(outcome) + 1;
                    warnings += issues.Count(i => !i.Blocking);

                    // Only a commit archives the original cells; the rest of the row is the report of either.
                    var row = new SurveyAnswerRow
                    {
                        ImportId = import.Id, SurveyId = survey.Id, RowNumber = reader.RowNumber,
                        Match = match.Status, TargetId = match.TargetId, Outcome = outcome, Issues = issues, DataHash = hash,
                        AnswerId = outcome is RowOutcomes.Create or RowOutcomes.Update ? answerId : null,
                        MunicipalityCode = match.TargetId is { } matched ? matcher.Target(matched)?.MunicipalityCode : null,
                    };
                    // Each JSON value is serialised once, straight to UTF-8: the data's bytes are both hashed and stored.
                    batch.Add(new PendingRow(row, cells, match, dataJson, supersession));
                    if (batch.Count < BatchRows) continue;
                    await pending.Writer.WriteAsync(batch, ct);
                    batch = new List<PendingRow>(BatchRows);
                }
                if (batch.Count > 0) await pending.Writer.WriteAsync(batch, ct);
            }
            catch (Exception e)
            {
                failed = e;
            }
            pending.Writer.TryComplete();
            try
            {
                await copying;
            }
            catch when (failed is not null and not ChannelClosedException)
            {
                // The reading failed first (a malformed file, a cancelled request): that is the error to report.
            }
            // A failed COPY closes the channel; its own error was thrown above.
            if (failed is not null) ExceptionDispatchInfo.Throw(failed);

            if (write && ReimportChangesNothing(previous, counts))
            {
                write = false;
                import.Mode = "dry_run";
            }
            var applying = System.Diagnostics.Stopwatch.StartNew();
            await writer.CompleteAsync(write, counts.GetValueOrDefault(RowOutcomes.Update), ct);
            applying.Stop();
            import.RowCount = counts.Values.Sum();
            import.Created = counts.GetValueOrDefault(RowOutcomes.Create);
            import.Updated = counts.GetValueOrDefault(RowOutcomes.Update);
            import.Unchanged = counts.GetValueOrDefault(RowOutcomes.Unchanged);
            import.Rejected = counts.GetValueOrDefault(RowOutcomes.Rejected);
            import.NeedsReview = counts.GetValueOrDefault(RowOutcomes.NeedsReview);
            import.Superseded = counts.GetValueOrDefault(RowOutcomes.Superseded);
            import.Warnings = warnings;
            db.SurveyImports.Update(import);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            if (write)
                logger.LogInformation("Committed answer import {ImportId} of survey {SurveyId}: {Created} created, {Updated} updated, {Unchanged} unchanged, {NeedsReview} to review, {Superseded} superseded, {Rejected} rejected; {ApplySeconds:F1} s of database work after the last row was read",
                    import.Id, survey.Id, import.Created, import.Updated, import.Unchanged, import.NeedsReview, import.Superseded, import.Rejected,
                    applying.Elapsed.TotalSeconds);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
        var page = await PageAsync(import.Id, null, options.Value.ReportPageSize, ct);
        return new ImportResult(write ? import.Id : null, import.Id, commit ? "commit" : "dry_run", file.Name, reader.Format, reader.EncodingName,
            file.Checksum, previous, profile.Id, reader.SheetName, reader.HeaderRow, map.IgnoredHeaders, import.RowCount, import.Created, import.Updated,
            import.Unchanged, import.NeedsReview, import.Superseded, import.Rejected, import.Warnings, page.Items, page.NextCursor);
    }

    /// <summary>A row read and decided, on its way into the COPY, with the row it supersedes or is superseded by.</summary>
    private sealed record PendingRow(SurveyAnswerRow Row, string[] Cells, RowMatch Match, byte[] Data, (int Row, int By)? Supersession);

    /// <summary>Writes the rows into the COPY as they come; a failure closes the channel, so the reading stops too.</summary>
    private static async Task CopyRowsAsync(Channel<List<PendingRow>> rows, SurveyBulkWriter writer, RawCellsJson? rawCells, CancellationToken ct)
    {
        try
        {
            await foreach (var batch in rows.Reader.ReadAllAsync(ct))
                foreach (var row in batch)
                {
                    if (row.Supersession is { } s) writer.Supersede(s.Row, s.By);
                    await writer.WriteAsync(row.Row, rawCells?.Json(row.Cells) ?? EmptyObject, JsonSerializer.SerializeToUtf8Bytes(row.Match, StoredJson), row.Data, ct);
                }
        }
        catch (Exception e)
        {
            rows.Writer.TryComplete(e);
            throw;
        }
    }

    /// <summary>A file committed before whose rows would store nothing new is not imported again.</summary>
    private static bool ReimportChangesNothing(Guid? previous, Dictionary<string, int> counts) =>
        previous is not null && counts.GetValueOrDefault(RowOutcomes.Create) == 0 && counts.GetValueOrDefault(RowOutcomes.Update) == 0;

    /// <summary>A page of a stored report, rendered from the import's rows; the cursor is the row number of the page's first row.</summary>
    public async Task<ImportReportPage> PageAsync(Guid reportId, string? cursor, int limit, CancellationToken ct)
    {
        var from = ReportCursor.Decode(cursor);
        var rows = await db.SurveyAnswerRows.AsNoTracking().Where(r => r.ImportId == reportId && r.RowNumber >= from)
            .OrderBy(r => r.RowNumber).Take(limit + 1)
            .Select(r => new { r.RowNumber, r.Match, r.MatchDetail, r.TargetId, r.Outcome, r.SupersededBy, r.Data, r.Issues }).ToListAsync(ct);
        var labels = new LabelBook(catalog);
        var items = rows.Take(limit).Select(r => new ImportRowResult(r.RowNumber, r.Data.OrganizationName,
            (r.MatchDetail is null ? null : JsonSerializer.Deserialize<RowMatch>(r.MatchDetail, ReportJson)) ?? new RowMatch(r.Match, null, r.TargetId, null, "", null, null, []),
            r.Outcome, r.SupersededBy,
            labels.Interpret(r.Data), r.Issues.Select(RowIssueDto.From).ToArray())).ToList();
        return new ImportReportPage(reportId, items, rows.Count > limit ? ReportCursor.Encode(rows[limit].RowNumber) : null);
    }

    /// <summary>Every row of a stored report, in file order, read in pages (for the CSV download).</summary>
    public async IAsyncEnumerable<ImportRowResult> AllAsync(Guid reportId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string? cursor = null;
        do
        {
            var page = await PageAsync(reportId, cursor, 1000, ct);
            foreach (var item in page.Items) yield return item;
            cursor = page.NextCursor;
        } while (cursor is not null);
    }

    /// <summary>The original cells, header → cell: how the archive of a committed row names its cells.</summary>
    public static Dictionary<string, string> RawCells(IReadOnlyList<string> headers, string[] cells)
    {
        var raw = new Dictionary<string, string>();
        for (var i = 0; i < cells.Length; i++)
        {
            var header = i < headers.Count && headers[i].Length > 0 ? headers[i] : $"column_{i + 1}";
            // Duplicate headers keep every cell: the second one is stored under "header (column n)".
            if (raw.ContainsKey(header)) header = $"{header} (column {i + 1})";
            if (cells[i].Length > 0 || i < headers.Count) raw[header] = cells[i];
        }
        return raw;
    }

    /// <summary>
    /// A committed row's original cells as archived (<see cref="SurveyAnswerRow.RawCells"/>), header → cell by the
    /// rule of <see cref="RawCells"/>.
    /// </summary>
    public static Dictionary<string, string> ArchivedCells(IReadOnlyList<string> headers, string rawCells)
    {
        using var json = JsonDocument.Parse(rawCells);
        return json.RootElement.ValueKind == JsonValueKind.Array
            ? RawCells(headers, json.RootElement.EnumerateArray().Select(c => c.GetString() ?? "").ToArray())
            // Rows archived before decision 20 hold the object itself.
            : json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
    }

    /// <summary>
    /// Writes a row's cells as a JSON array, what a commit archives of each row: the header is archived once, with the
    /// import (decision 20).
    /// </summary>
    private sealed class RawCellsJson : IDisposable
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(4096);
        private readonly Utf8JsonWriter _writer;

        public RawCellsJson() => _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = StoredJson.Encoder });

        public byte[] Json(string[] cells)
        {
            _buffer.ResetWrittenCount();
            _writer.Reset();
            _writer.WriteStartArray();
            foreach (var cell in cells) _writer.WriteStringValue(cell);
            _writer.WriteEndArray();
            _writer.Flush();
            return _buffer.WrittenSpan.ToArray();
        }

        public void Dispose() => _writer.Dispose();
    }

    public static string Hash(SurveyAnswerData data) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(data, HashOptions)));

    /// <summary>Codes with their Japanese labels, for the report.</summary>
    private sealed class LabelBook(TaxonomyCatalog catalog)
    {
        private readonly Dictionary<(string, string), string> _labels = catalog.Vocabularies
            .SelectMany(v => catalog.Terms(v.Id).Select(t => ((v.Id, t.Code), t.LabelJa))).ToDictionary(x => x.Item1, x => x.LabelJa);

        private CodeLabel? One(string vocabulary, string? code) => code is null ? null : new(code, _labels.GetValueOrDefault((vocabulary, code), code));
        private List<CodeLabel> Many(string vocabulary, List<string> codes) => codes.Select(c => One(vocabulary, c)!).ToList();

        public InterpretedAnswer Interpret(SurveyAnswerData d) => new(d.OrganizationName, d.NameKana, d.CorporateNumber, d.Address,
            d.GeocodedMunicipalityCode, d.Phone, d.Email, One(Vocabularies.LegalForm, d.LegalForm), One(Vocabularies.ServiceAreaLevel, d.ActivityScope),
            d.ActiveAgainstIsolation, Many(Vocabularies.ProblemKeyword, d.ProblemKeywords), Many(Vocabularies.ServiceCategory, d.ActivityTypes),
            d.OtherActivity, d.MunicipalCommission, One(Vocabularies.Frequency, d.Frequency), d.TrackRecord, d.NeedToAct,
            Many(Vocabularies.SurveyDifficulty, d.Difficulties), Many(Vocabularies.SurveyExpectation, d.Expectations), d.ActivityDescription,
            d.OtherNotes, d.UnknownOptions, d.SubmittedAt, d.ResponseId);
    }
}

/// <summary>Opaque page cursors of import reports: the row number of the next row, base64url.</summary>
public static class ReportCursor
{
    public static string Encode(int seq) => Convert.ToBase64String(BitConverter.GetBytes(seq)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static int Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return 0;
        try
        {
            var text = cursor.Replace('-', '+').Replace('_', '/');
            var bytes = Convert.FromBase64String(text.PadRight(text.Length + (4 - text.Length % 4) % 4, '='));
            return bytes.Length == 4 ? Math.Max(0, BitConverter.ToInt32(bytes)) : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new ArgumentException("The cursor is not one a report returned.");
        }
    }
}
