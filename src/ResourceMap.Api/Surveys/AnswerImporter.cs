using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Surveys;
using ResourceMap.Infrastructure.Geocoding;
using ResourceMap.Infrastructure.Persistence;
using ResourceMap.Infrastructure.Surveys;

namespace ResourceMap.Api.Surveys;

/// <summary>
/// Imports an answer file: every row is read, matched to a target (法人番号, else normalised name within the
/// municipality, or a staff resolution) and compared with the current answer. A dry run only reports; a commit
/// archives every row verbatim and applies the accepted ones in one transaction. The same file again is all
/// "unchanged" and writes nothing.
/// </summary>
public sealed class AnswerImporter(ResourceMapDbContext db, TaxonomyCatalog catalog, GazetteerGeocoder geocoder, ILogger<AnswerImporter> logger)
{
    private static readonly JsonSerializerOptions HashOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private static readonly string[] Required = ["organization_name"];

    private sealed record TargetInfo(Guid Id, string Name, string MunicipalityCode, string? CorporateNumber, string NameKey, string Status);

    public async Task<ImportResult> ImportAsync(Survey survey, UploadedFile file, string? encoding, bool commit, CancellationToken ct)
    {
        var profile = await db.MappingProfiles.AsNoTracking().SingleAsync(p => p.Id == survey.MappingProfileId, ct);
        using var reader = TabularReader.Open(file.Stream, file.Name, encoding);
        var map = ColumnMap.Build(reader.Headers, profile, Required);
        // A commit holds the survey's write lock from before it reads the stored state until it commits, so
        // concurrent commits of one file apply it once: the later ones wait and find it all unchanged.
        var transaction = commit ? await db.Database.BeginTransactionAsync(ct) : null;
        if (commit) await SurveyWriteLock.AcquireAsync(db, survey.Id, ct);

        var targets = await db.SurveyTargets.AsNoTracking().Where(t => t.SurveyId == survey.Id)
            .Select(t => new TargetInfo(t.Id, t.Name, t.MunicipalityCode, t.CorporateNumber, t.NameKey, t.Status)).ToListAsync(ct);
        var byNumber = targets.Where(t => t.CorporateNumber is not null).ToDictionary(t => t.CorporateNumber!);
        var byName = targets.ToLookup(t => t.NameKey);
        var byId = targets.ToDictionary(t => t.Id);
        var resolutions = await db.SurveyMatchResolutions.AsNoTracking().Where(r => r.SurveyId == survey.Id)
            .ToDictionaryAsync(r => r.MatchKey, r => r.TargetId, ct);
        var current = await db.SurveyAnswers.AsNoTracking().Where(a => a.SurveyId == survey.Id)
            .Select(a => new { a.TargetId, a.Id, a.DataHash }).ToDictionaryAsync(a => a.TargetId, ct);
        var previous = await db.SurveyImports.AsNoTracking()
            .Where(i => i.SurveyId == survey.Id && i.Kind == "answers" && i.Mode == "committed" && i.Checksum == file.Checksum)
            .Select(i => (Guid?)i.Id).FirstOrDefaultAsync(ct);
        // The same file again is staged like any other; if nothing in it changes a stored answer (no match
        // resolution since, no other answer in between), the transaction is rolled back: report, write nothing.
        var write = commit;

        var interpreter = new AnswerInterpreter(catalog, geocoder, survey.MunicipalityCodes);
        var items = new List<ImportRowResult>();
        var seen = new Dictionary<Guid, int>();
        var import = new SurveyImport
        {
            Id = Guid.CreateVersion7(), SurveyId = survey.Id, Kind = "answers", FileName = file.Name, Checksum = file.Checksum,
            Format = reader.Format, Encoding = reader.EncodingName, Mode = "committed", CreatedAt = DateTimeOffset.UtcNow,
        };
        SurveyBulkWriter? writer = null;
        try
        {
            if (write)
            {
                db.SurveyImports.Add(import);
                await db.SaveChangesAsync(ct);
                writer = await SurveyBulkWriter.BeginAsync(db, ct);
            }
            while (reader.Read())
            {
                var cells = reader.Current;
                var (data, issues) = await interpreter.ReadAsync(map, cells, ct);
                var match = Match(data, byNumber, byName, byId, resolutions, survey.MunicipalityCodes);
                if (match.Status == "ambiguous")
                    issues.Add(new("organization_name", "同じ名前の調査対象が複数あります。照合先を指定してください。",
                        "Several targets have this name; resolve the match through the API."));
                else if (match.Status == "missing")
                    issues.Add(new("organization_name", "調査対象の中に該当する団体が見つかりません。照合先を指定してください。",
                        "No target matches this row (法人番号 or name within the municipality); resolve the match through the API."));
                else if (seen.TryGetValue(match.TargetId!.Value, out var firstRow))
                    issues.Add(new("organization_name", $"この団体の回答は {firstRow} 行目にもあります。", $"This organisation already answered in row {firstRow}."));
                else seen[match.TargetId.Value] = reader.RowNumber;

                var hash = Hash(data);
                string outcome;
                if (issues.Any(i => i.Blocking)) outcome = RowOutcomes.Rejected;
                else if (!current.TryGetValue(match.TargetId!.Value, out var existing)) outcome = RowOutcomes.Create;
                else outcome = existing.DataHash == hash ? RowOutcomes.Unchanged : RowOutcomes.Update;

                items.Add(new ImportRowResult(reader.RowNumber, data.OrganizationName, match, outcome,
                    issues.Count == 0 ? [] : issues.Select(RowIssueDto.From).ToArray()));
                if (!write) continue;

                var raw = new Dictionary<string, string>();
                for (var i = 0; i < cells.Length; i++)
                {
                    var header = i < reader.Headers.Count && reader.Headers[i].Length > 0 ? reader.Headers[i] : $"column_{i + 1}";
                    if (cells[i].Length > 0 || i < reader.Headers.Count) raw[header] = cells[i];
                }
                var row = new SurveyAnswerRow
                {
                    ImportId = import.Id, SurveyId = survey.Id, RowNumber = reader.RowNumber, RawCells = raw, Match = match.Status,
                    TargetId = match.TargetId, Outcome = outcome, Issues = issues,
                };
                Guid? answerId = outcome switch
                {
                    RowOutcomes.Create => Guid.CreateVersion7(),
                    RowOutcomes.Update => current[match.TargetId!.Value].Id,
                    _ => null,
                };
                var changes = answerId is not null;
                await writer!.WriteAsync(row, answerId, changes ? byId[match.TargetId!.Value].MunicipalityCode : null,
                    changes ? data : null, changes ? hash : null, ct);
                if (changes) current[match.TargetId!.Value] = new { TargetId = match.TargetId.Value, Id = answerId!.Value, DataHash = hash };
            }

            var result = Summarise(commit ? "commit" : "dry_run", null, file, reader, previous, map, items);
            if (write && !ReimportChangesNothing(previous, result))
            {
                result = result with { ImportId = import.Id };
                var applying = System.Diagnostics.Stopwatch.StartNew();
                await writer!.ApplyAsync(db, survey.Id, import.Id, import.CreatedAt, ct);
                applying.Stop();
                import.RowCount = result.Rows;
                import.Created = result.Created;
                import.Updated = result.Updated;
                import.Unchanged = result.Unchanged;
                import.Rejected = result.Rejected;
                db.SurveyImports.Update(import);
                await db.SaveChangesAsync(ct);
                await transaction!.CommitAsync(ct);
                logger.LogInformation("Committed answer import {ImportId} of survey {SurveyId}: {Created} created, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected; {ApplySeconds:F1} s applying the staged rows",
                    import.Id, survey.Id, result.Created, result.Updated, result.Unchanged, result.Rejected,
                    applying.Elapsed.TotalSeconds);
            }
            return result;
        }
        finally
        {
            if (writer is not null) await writer.DisposeAsync();
            if (transaction is not null) await transaction.DisposeAsync();
            db.ChangeTracker.Clear();
        }
    }

    private static RowMatch Match(SurveyAnswerData data, Dictionary<string, TargetInfo> byNumber, ILookup<string, TargetInfo> byName,
        Dictionary<Guid, TargetInfo> byId, Dictionary<string, Guid> resolutions, IReadOnlyCollection<string> area)
    {
        var nameKey = OrganizationNames.Key(data.OrganizationName);
        var municipality = data.GeocodedMunicipalityCode;
        var matchKey = data.CorporateNumber ?? $"{municipality ?? "*"}|{nameKey}";
        if (resolutions.TryGetValue(matchKey, out var resolved) && byId.TryGetValue(resolved, out var chosen))
            return new RowMatch("matched", chosen.Id, matchKey, "resolution", []);
        if (data.CorporateNumber is not null && byNumber.TryGetValue(data.CorporateNumber, out var numbered))
            return new RowMatch("matched", numbered.Id, matchKey, "corporate_number", []);
        if (nameKey.Length == 0) return new RowMatch("missing", null, matchKey, null, []);
        var named = byName[nameKey].Where(t => municipality is null || t.MunicipalityCode == municipality).ToList();
        return named.Count switch
        {
            1 => new RowMatch("matched", named[0].Id, matchKey, "name", []),
            0 => new RowMatch("missing", null, matchKey, null, []),
            _ => new RowMatch("ambiguous", null, matchKey, null, named.Select(t => new MatchCandidate(t.Id, t.Name, t.MunicipalityCode)).ToList()),
        };
    }

    /// <summary>A file committed before whose rows would store nothing new: it is not imported again.</summary>
    private static bool ReimportChangesNothing(Guid? previous, ImportResult result) =>
        previous is not null && result.Created == 0 && result.Updated == 0;

    private static ImportResult Summarise(string mode, Guid? importId, UploadedFile file, TabularReader reader, Guid? previous, ColumnMap map,
        List<ImportRowResult> items) =>
        new(importId, mode, file.Name, reader.Format, reader.EncodingName, file.Checksum, previous, map.IgnoredHeaders, items.Count,
            items.Count(i => i.Outcome == RowOutcomes.Create), items.Count(i => i.Outcome == RowOutcomes.Update),
            items.Count(i => i.Outcome == RowOutcomes.Unchanged), items.Count(i => i.Outcome == RowOutcomes.Rejected),
            items.Sum(i => i.Issues.Count(x => !x.Blocking)), items);

    public static string Hash(SurveyAnswerData data) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(data, HashOptions)));
}
