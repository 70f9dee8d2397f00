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
        var map = ColumnMap.Build(reader.Headers, profile, Required);
        var existing = await db.SurveyTargets.Where(t => t.SurveyId == survey.Id).ToListAsync(ct);
        var byNumber = existing.Where(t => t.CorporateNumber is not null).ToDictionary(t => t.CorporateNumber!);
        var directory = await db.Organizations.AsNoTracking().Where(o => o.CorporateNumber != null && o.ArchivedAt == null)
            .Select(o => new { o.Id, o.CorporateNumber }).ToDictionaryAsync(o => o.CorporateNumber!, o => o.Id, ct);

        var items = new List<ImportRowResult>();
        int added = 0, present = 0, rejected = 0;
        var now = DateTimeOffset.UtcNow;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        while (reader.Read())
        {
            var cells = reader.Current;
            var issues = new List<RowIssue>();
            var name = JapaneseText.Clean(map.Cell(cells, "organization_name"));
            if (name.Length == 0) issues.Add(new("organization_name", "法人名称が空です。", "The name is empty."));
            var number = AnswerInterpreter.CorporateNumberOf(map.Cell(cells, "corporate_number"), issues);
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
                if (number is not null && directory.TryGetValue(number, out var organizationId)) target.OrganizationId = organizationId;
                target.OrganizationId ??= await CreateOrganizationAsync(survey, target, issues, ct);
                if (number is not null && target.OrganizationId is not null) directory[number] = target.OrganizationId.Value;
            }
            items.Add(new ImportRowResult(reader.RowNumber, name,
                new RowMatch(target is null ? "missing" : "matched", target?.Id, matchKey, number is null ? null : "corporate_number", []),
                outcome, issues.Select(RowIssueDto.From).ToList()));
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return new TargetImportResult(file.Name, reader.EncodingName, items.Count, added, present, rejected, items);
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

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
