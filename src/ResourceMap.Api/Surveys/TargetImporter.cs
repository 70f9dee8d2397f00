using FluentValidation;
using Microsoft.EntityFrameworkCore;
using ResourceMap.Api.Common;
using ResourceMap.Api.Organizations;
using ResourceMap.Domain.Directory;
using ResourceMap.Domain.Surveys;
using ResourceMap.Domain.Text;
using ResourceMap.Infrastructure.Geocoding;
using ResourceMap.Infrastructure.Persistence;
using ResourceMap.Infrastructure.Surveys;

namespace ResourceMap.Api.Surveys;

/// <summary>
/// Adds survey targets from an open-data list of NPO corporations. Rows are matched on 法人番号 first (a known
/// number updates its target, so re-importing the list adds nothing), geocoded offline and kept only inside the
/// survey area. Each target becomes a directory organisation (an existing one with the same 法人番号 is reused):
/// staff can then follow it up, while its services, sites and service areas arrive only when its answer is
/// published, so an organisation that never answered shows in no search. Only the mapped columns are read: a
/// representative's name in the file is never stored.
/// </summary>
public sealed class TargetImporter(ResourceMapDbContext db, GazetteerGeocoder geocoder, IValidator<OrganizationRequest> organizationValidator,
    OrganizationWriter organizations)
{
    private static readonly string[] Required = ["organization_name", "address"];

    public async Task<TargetImportResult> ImportAsync(Survey survey, MappingProfile profile, UploadedFile file, string? encoding, CancellationToken ct)
    {
        using var reader = TabularReader.Open(file.Stream, file.Name, encoding);
        var map = ColumnMap.Build(reader.Headers, profile, Required, reader.SubHeaders);
        // Concurrent imports of one list run one after the other: the later ones find every target present.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await SurveyWriteLock.AcquireAsync(db, survey.Id, ct);
        var existing = await db.SurveyTargets.Where(t => t.SurveyId == survey.Id).ToListAsync(ct);
        var byNumber = existing.Where(t => t.CorporateNumber is not null).ToDictionary(t => t.CorporateNumber!);
        var directory = await DirectoryLinks.LoadAsync(db, ct);

        var items = new List<ImportRowResult>();
        int added = 0, present = 0, rejected = 0, pending = 0;
        var now = DateTimeOffset.UtcNow;
        while (reader.Read())
        {
            var cells = reader.Current;
            var issues = new List<RowIssue>();
            if (reader.CellsWithNulRemoved > 0) issues.Add(ImportRowIssues.NulRemoved(reader.CellsWithNulRemoved));
            var name = JapaneseText.Clean(map.Cell(cells, "organization_name"));
            if (name.Length == 0) issues.Add(new("organization_name", "法人名称が空です。", "The name is empty."));
            var number = CorporateNumberOf(map.Cell(cells, "corporate_number"), issues);
            var address = JapaneseText.Clean(map.Cell(cells, "address"));
            var point = await geocoder.GeocodeAsync(address, survey.MunicipalityCodes, ct);
            if (!point.Found)
                issues.Add(new("address", $"所在地「{address}」の市区町村を特定できません。", $"The municipality of '{address}' cannot be found."));
            else if (!survey.MunicipalityCodes.Contains(point.MunicipalityCode!))
                issues.Add(new("address", $"所在地（{point.Municipality}）が調査対象地域の外です。",
                    $"The address is in {point.Municipality} ({point.MunicipalityCode}), outside the survey area."));
            else if (point.Precision == GeocodePrecisions.Municipality)
                issues.Add(new("address", "町名を特定できないため、市区町村の代表点を使います。", "No town matched; the municipality's representative point is used.", Blocking: false));

            var matchKey = number ?? $"{point.MunicipalityCode ?? "*"}|{OrganizationNames.Key(name)}";
            string outcome;
            SurveyTarget? target = null;
            if (issues.Any(i => i.Blocking))
            {
                outcome = RowOutcomes.Rejected;
                rejected++;
            }
            else if (number is not null && byNumber.TryGetValue(number, out target))
            {
                outcome = RowOutcomes.Update;
                present++;
                // Saved batches leave the change tracker: a target loaded before is tracked again to record its changes.
                if (db.Entry(target).State == EntityState.Detached) db.SurveyTargets.Attach(target);
            }
            else
            {
                target = new SurveyTarget
                {
                    Id = Guid.CreateVersion7(), SurveyId = survey.Id, Name = name, MunicipalityCode = point.MunicipalityCode!,
                    Origin = "open_data", CreatedAt = now, StatusChangedAt = now, LegalForm = "npo",
                };
                db.SurveyTargets.Add(target);
                if (number is not null) byNumber[number] = target;
                outcome = RowOutcomes.Create;
                added++;
            }
            if (target is not null)
            {
                target.Name = name;
                target.NameKana = NullIfEmpty(JapaneseText.Clean(map.Cell(cells, "name_kana")));
                target.CorporateNumber = number;
                target.Address = address;
                target.MunicipalityCode = point.MunicipalityCode!;
                target.Lat = point.Lat;
                target.Lng = point.Lng;
                target.Precision = point.Precision;
                target.NameKey = OrganizationNames.Key(name);
                var link = directory.Find(number, name);
                if (link.Conflict is not null)
                {
                    issues.Add(link.Conflict);
                    // A link made before names were compared is undone.
                    if (target.OrganizationId == link.HolderId) target.OrganizationId = null;
                }
                else
                {
                    target.OrganizationId ??= link.OrganizationId ?? await CreateOrganizationAsync(survey, target, issues, ct);
                    if (target.OrganizationId is not null) directory.Remember(number, name, target.OrganizationId.Value);
                }
            }
            if (++pending == SaveBatchRows)
            {
                await SaveBatchAsync(ct);
                pending = 0;
            }
            items.Add(new ImportRowResult(reader.RowNumber, name,
                new RowMatch(target is null ? "rejected" : "matched", target is null ? null : number is null ? "name_and_legal_form" : "corporate_number",
                    target?.Id, target?.Name, matchKey, null, null, []),
                outcome, null, null, issues.Select(RowIssueDto.From).ToList()));
        }
        await SaveBatchAsync(ct);
        await transaction.CommitAsync(ct);
        return new TargetImportResult(file.Name, reader.EncodingName, items.Count, added, present, rejected, items);
    }

    /// <summary>Rows saved at a time, in the import's one transaction.</summary>
    private const int SaveBatchRows = 500;

    /// <summary>
    /// Saves the rows read so far and lets go of their entities: a national list in one SaveChanges held 100,000
    /// tracked organisations and targets (1.6 GB, 13 minutes for 50,000 rows in bench/results/target-import-*.md).
    /// </summary>
    private async Task SaveBatchAsync(CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    /// <summary>The register entry as a directory organisation, through the API's own validation; null (reported) if refused.</summary>
    private async Task<Guid?> CreateOrganizationAsync(Survey survey, SurveyTarget target, List<RowIssue> issues, CancellationToken ct)
    {
        var request = new OrganizationRequest(target.Name, target.NameKana, target.LegalForm ?? "npo", target.CorporateNumber,
            null, null, null, [], false, null, null, target.MunicipalityCode);
        var validation = await organizationValidator.ValidateAsync(request, ct);
        if (!validation.IsValid)
        {
            var reasons = string.Join(" ", validation.Errors.Select(e => e.ErrorMessage));
            issues.Add(new("organization", $"組織として登録できません: {reasons}", $"Not added to the directory: {reasons}", Blocking: false));
            return null;
        }
        var staged = await organizations.StageAsync(null, request, DirectoryActor.System, ct, source: $"survey:{survey.Id}");
        return staged.Value?.Id;
    }

    /// <summary>
    /// The directory organisations by 法人番号, with their names: a number links a target to an organisation only
    /// when the names agree (legal-form words, width and kana aside). A number held by an organisation with another
    /// name is reported and not linked — one of the two numbers is wrong, and publishing into that record would
    /// overwrite an unrelated organisation.
    /// </summary>
    private sealed class DirectoryLinks
    {
        private readonly Dictionary<string, (Guid Id, string Name)> _byNumber;

        private DirectoryLinks(Dictionary<string, (Guid Id, string Name)> byNumber) => _byNumber = byNumber;

        public static async Task<DirectoryLinks> LoadAsync(ResourceMapDbContext db, CancellationToken ct) =>
            new(await db.Organizations.AsNoTracking().Where(o => o.CorporateNumber != null)
                .Select(o => new { o.Id, o.CorporateNumber, o.Name })
                .ToDictionaryAsync(o => o.CorporateNumber!, o => (o.Id, o.Name), ct));

        public (Guid? OrganizationId, Guid? HolderId, RowIssue? Conflict) Find(string? number, string name)
        {
            if (number is null || !_byNumber.TryGetValue(number, out var holder)) return (null, null, null);
            if (SameOrganization.ByName(holder.Name, name)) return (holder.Id, holder.Id, null);
            return (null, holder.Id, new RowIssue("corporate_number",
                $"法人番号 {number} はディレクトリの別の組織「{holder.Name}」のものです。名簿かディレクトリの番号を確認してください。この対象はディレクトリの組織に結び付けません。",
                $"法人番号 {number} belongs to another directory organisation, '{holder.Name}'; check the list or the directory. This target is not linked to a directory organisation.",
                Blocking: false));
        }

        public void Remember(string? number, string name, Guid organizationId)
        {
            if (number is not null) _byNumber[number] = (organizationId, name);
        }
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    /// <summary>A register's 法人番号 must be valid: a mangled or wrong number rejects the row (a target is keyed by it).</summary>
    private static string? CorporateNumberOf(string cell, List<RowIssue> issues)
    {
        var read = CorporateNumberCell.Read(cell);
        if (read.Kind is CorporateNumberCellKind.Valid or CorporateNumberCellKind.Absent) return read.Number;
        issues.Add(read.Kind == CorporateNumberCellKind.DigitsLostByExcel
            ? new("corporate_number", $"法人番号「{read.Cleaned}」は Excel で桁が失われています（指数表示）。", $"The corporate number '{read.Cleaned}' lost digits in Excel (scientific notation).")
            : new("corporate_number", $"法人番号「{cell}」が正しくありません（13桁・先頭はチェックデジット）。", $"The corporate number '{cell}' is not valid (13 digits, the first a check digit)."));
        return null;
    }
}
