using System.ComponentModel;
using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ResourceMap.Api.Common;
using ResourceMap.Api.Hosting;
using ResourceMap.Domain.Geography;
using ResourceMap.Domain.Surveys;
using ResourceMap.Domain.Text;
using ResourceMap.Infrastructure.Persistence;
using ResourceMap.Infrastructure.Surveys;

namespace ResourceMap.Api.Surveys;

public static class SurveysApi
{
    /// <summary>Answer and target files: large form exports, far above the 1 MiB limit of JSON bodies.</summary>
    public const long UploadLimitBytes = 50L * 1024 * 1024;
    public const string DefaultAnswerProfile = "noboribetsu-2024";
    public const string DefaultTargetProfile = "npo-open-data";

    public static RouteGroupBuilder MapSurveysApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/surveys").WithTags("Surveys");
        group.MapGet("/", ListAsync).WithName("ListSurveys").WithSummary("List surveys");
        group.MapPost("/", CreateAsync).WithName("CreateSurvey").WithSummary("Create a survey (draft)")
            .WithDescription("The survey area is a region id or a list of municipality codes; a region's members are copied into the survey.")
            .RequireAuthorization(AuthPolicies.Editor).WithValidation<SurveyRequest>();
        group.MapGet("/{id:guid}", GetAsync).WithName("GetSurvey").WithSummary("Get a survey with its live progress")
            .WithDescription("Targets by status, response rate (answered / targets) and accepted answers per municipality.");
        group.MapPost("/{id:guid}/status", ChangeStatusAsync).WithName("ChangeSurveyStatus").WithSummary("Move a survey to fielding or closed")
            .RequireAuthorization(AuthPolicies.Editor).OwnedSurvey();

        group.MapGet("/{id:guid}/targets", ListTargetsAsync).WithName("ListSurveyTargets").WithSummary("List the survey's targets (staff of the issuing municipality)")
            .RequireAuthorization(AuthPolicies.Staff).OwnedSurvey(forReading: true);
        group.MapPost("/{id:guid}/targets", AddDirectoryTargetsAsync).WithName("AddSurveyDirectoryTargets").WithSummary("Add targets from directory organisations in the survey area")
            .WithDescription("Organisations owned by, or with a site in, a municipality of the survey area, filtered by legal form. Existing targets are kept.")
            .RequireAuthorization(AuthPolicies.Editor).OwnedSurvey().WithValidation<AddDirectoryTargetsRequest>();
        group.MapPost("/{id:guid}/targets/import", ImportTargetsAsync).WithName("ImportSurveyTargets").WithSummary("Add targets from an open-data list of NPO corporations (CSV/XLSX)")
            .WithDescription("Matched on 法人番号 first (re-importing updates, never duplicates), geocoded offline, restricted to the survey area. Columns are read through a mapping profile (default npo-open-data); a representative's name is never stored. Up to 50 MB.")
            .RequireAuthorization(AuthPolicies.Editor).OwnedSurvey().DisableAntiforgery().Accepts<IFormFile>("multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(UploadLimitBytes));
        group.MapPost("/{id:guid}/targets/{targetId:guid}/status", ChangeTargetStatusAsync).WithName("ChangeSurveyTargetStatus").WithSummary("Record that a target was sent, declined or undeliverable")
            .RequireAuthorization(AuthPolicies.Editor).OwnedSurvey();

        group.MapPost("/{id:guid}/answers/import", ImportAnswersAsync).WithName("ImportSurveyAnswers").WithSummary("Import an answer file (CSV, tab-separated text, XLSX or XLS): dry run or commit")
            .WithDescription("multipart/form-data with a `file` part. mode=dry_run (default) reports per row what a commit would store (values with Japanese labels), how the row was matched (corporate_number, name_and_legal_form, resolution) or why it needs review, and create / update / unchanged / needs_review / superseded / rejected with field and reason (ja, en); it writes nothing but the report. mode=commit applies the accepted rows in one transaction and archives every row verbatim. The response is the summary and the first page of rows; page on with GET import-reports/{report_id}. profile= chooses the mapping profile (header row, sheet, value maps, option columns ...). format=csv returns the whole report as CSV (UTF-8 with BOM). Files: CSV or tab-separated text (the separator is detected, so Excel's tab-separated and Unicode text saves read as they are), XLSX and Excel 97-2003 XLS. Text encodings: UTF-8 (with or without BOM), Windows-31J (Shift_JIS as Excel writes it) and UTF-16 with BOM, detected unless encoding= says. Up to 50 MB; an XLSX inflating past Imports:MaxInflatedXlsxBytes is refused (413).")
            .RequireAuthorization(AuthPolicies.Editor).OwnedSurvey().DisableAntiforgery().Accepts<IFormFile>("multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(UploadLimitBytes))
            .WithMetadata(new CsvAlternativeMetadata("format=csv: the whole report, UTF-8 with BOM; header row_number,organization_name,match,match_by,…; one row per file row."));
        group.MapGet("/{id:guid}/import-reports/{reportId:guid}", ImportReportAsync).WithName("GetSurveyImportReport").WithSummary("A page of an import's per-row report (dry run or commit)")
            .WithDescription("Every row in file order with its interpreted values, match and issues; follow next_cursor until it is null. Dry-run reports are kept one day.")
            .RequireAuthorization(AuthPolicies.Editor).OwnedSurvey();
        group.MapGet("/{id:guid}/imports", ListImportsAsync).WithName("ListSurveyImports").WithSummary("List the committed imports of a survey (staff of the issuing municipality)")
            .RequireAuthorization(AuthPolicies.Staff).OwnedSurvey(forReading: true);
        group.MapGet("/{id:guid}/imports/{importId:guid}/rows", ImportRowsAsync).WithName("ListSurveyImportRows").WithSummary("The archived rows of an import, verbatim (staff only)")
            .WithDescription("Free-text answers can contain personal details: these rows are served only to admins and to partners and editors " +
                             "of the issuing municipality, and never appear in public responses.")
            .RequireAuthorization(AuthPolicies.Staff).OwnedSurvey(forReading: true);
        group.MapPost("/{id:guid}/match-resolutions", ResolveMatchAsync).WithName("ResolveSurveyMatch").WithSummary("Resolve an ambiguous or missing match")
            .WithDescription("Ties a row's match_key (from a dry run) to a target; later imports follow it instead of guessing.")
            .RequireAuthorization(AuthPolicies.Editor).OwnedSurvey();

        group.MapGet("/{id:guid}/statistics", StatisticsAsync).WithName("GetSurveyStatistics").WithSummary("Survey results (JSON, or CSV with format=csv)")
            .WithDescription("Response rate; counts by activity type, problem keyword, municipality, organisation form, activity scope, difficulty and expectation; share active against isolation. The aggregates are public. Raw free-text answers (other_activities in JSON, the other_activity rows in CSV) are included only for staff the survey is shared with: admins and partners or editors of the issuing municipality or of a municipality in the survey area; for everyone else they are absent.")
            .Produces<SurveyStatistics>()
            .WithMetadata(new CsvAlternativeMetadata("format=csv: UTF-8 with BOM; header section,code,label_ja,label_en,value; one row per figure."));
        group.MapGet("/{id:guid}/publish/preview", PublishPreviewAsync).WithName("PreviewSurveyPublish").WithSummary("What publishing would change in the directory, field by field")
            .WithDescription("Per answer: the organisation it goes into (create, merge, unchanged, or skip with the reason, e.g. a 法人番号 that differs from the directory record's) and each change, old → new, for the organisation (legal form, 法人番号 when missing, description, e-mail, phones) and per activity type its service. A change that would replace a value the directory holds in a record that did not come from this survey is held: publishing leaves it out unless the request accepts it. Sharing settings and restricted fields are never changed.")
            .RequireAuthorization(AuthPolicies.Editor).OwnedSurvey();
        group.MapPost("/{id:guid}/publish", PublishAsync).WithName("PublishSurvey").WithSummary("Publish the accepted answers into the directory as a reviewed merge")
            .WithDescription("Writes the changes the preview lists as apply, plus the held ones the body accepts; decisions skip a record or a change. Organisations, sites and services (categories from the activity types, service areas from the activity scope); records it creates carry source survey:<id>; everything it writes is verified now. Re-publishing updates the services it created before. The body is optional. The survey must be closed (or already published).")
            .RequireAuthorization(AuthPolicies.Editor).OwnedSurvey();
        return group;
    }

    private static async Task<Ok<List<SurveySummary>>> ListAsync(ResourceMapDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Surveys.AsNoTracking().OrderByDescending(s => s.CreatedAt)
            .Select(s => new SurveySummary(s.Id, s.Title, s.IssuingMunicipalityCode, s.Status, s.PeriodStart, s.PeriodEnd)).ToListAsync(ct));

    /// <summary>
    /// A survey is owned by its issuing municipality: only its editors (and admins) reach the staff endpoints that
    /// change a survey, and its partners too those that only read (<paramref name="forReading"/>). Another
    /// municipality's survey answers like a missing one (404), so its existence is not revealed.
    /// </summary>
    /// <summary>404 for a survey the caller may not write (or, <paramref name="forReading"/>, whose staff data it may not read).</summary>
    private static RouteHandlerBuilder OwnedSurvey(this RouteHandlerBuilder builder, bool forReading = false) =>
        builder.Owned<Survey>("survey", s => s.IssuingMunicipalityCode, forReading);

    private static async Task<Results<CreatedAtRoute<SurveyResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(SurveyRequest request,
        ClaimsPrincipal user, ResourceMapDbContext db, SurveyStatisticsCalculator statistics, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var issuer = MunicipalityCode.Parse(request.IssuingMunicipalityCode).Value;
        if (Ownership.RefuseAssignment(user, "issuing_municipality_code", issuer) is { } refused) return refused;
        if (!await db.Municipalities.AnyAsync(m => m.Code == issuer, ct)) errors["issuing_municipality_code"] = [$"No municipality has the code {issuer}."];
        List<string> area;
        if (request.RegionId is not null)
        {
            area = await db.RegionMembers.Where(m => m.RegionId == request.RegionId).Select(m => m.MunicipalityCode).OrderBy(c => c).ToListAsync(ct);
            if (area.Count == 0) errors["region_id"] = [$"No region has id '{request.RegionId}'."];
        }
        else
        {
            area = request.MunicipalityCodes!.Select(c => MunicipalityCode.Parse(c).Value).Distinct().Order().ToList();
            var known = await db.Municipalities.Where(m => area.Contains(m.Code)).Select(m => m.Code).ToListAsync(ct);
            if (known.Count != area.Count) errors["municipality_codes"] = [$"Unknown municipality codes: {string.Join(", ", area.Except(known))}."];
        }
        var profileId = request.MappingProfileId ?? DefaultAnswerProfile;
        var profile = await db.MappingProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.Id == profileId, ct);
        if (profile is null || profile.Kind != "answers") errors["mapping_profile_id"] = [$"No answers mapping profile has id '{profileId}'."];
        if (errors.Count > 0) return Problems.ValidationProblem(errors);

        var now = DateTimeOffset.UtcNow;
        var survey = new Survey
        {
            Id = Guid.CreateVersion7(), Title = Domain.Text.JapaneseText.Clean(request.Title), IssuingMunicipalityCode = issuer,
            RegionId = request.RegionId, MunicipalityCodes = area, PeriodStart = request.PeriodStart, PeriodEnd = request.PeriodEnd,
            MappingProfileId = profileId, CreatedAt = now, UpdatedAt = now,
        };
        db.Surveys.Add(survey);
        await db.SaveChangesAsync(ct);
        return TypedResults.CreatedAtRoute(await ResponseAsync(survey, statistics, ct), "GetSurvey", new { id = survey.Id });
    }

    private static async Task<Results<Ok<SurveyResponse>, ProblemHttpResult>> GetAsync(Guid id, ResourceMapDbContext db,
        SurveyStatisticsCalculator statistics, CancellationToken ct)
    {
        var survey = await db.Surveys.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (survey is null) return Problems.NotFoundProblem("survey", id);
        return TypedResults.Ok(await ResponseAsync(survey, statistics, ct));
    }

    private static async Task<Results<Ok<SurveyResponse>, ValidationProblem, ProblemHttpResult>> ChangeStatusAsync(Guid id,
        SurveyStatusRequest request, ResourceMapDbContext db, SurveyStatisticsCalculator statistics, CancellationToken ct)
    {
        var survey = await db.Surveys.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (survey is null) return Problems.NotFoundProblem("survey", id);
        if (request.Status == SurveyStatuses.Published)
            return Problems.ValidationProblem("status", "Publish through POST /api/surveys/{id}/publish, which writes the answers into the directory.");
        if (!SurveyStatuses.All.Contains(request.Status))
            return Problems.ValidationProblem("status", $"'{request.Status}' is not a survey status; use one of: {string.Join(", ", SurveyStatuses.All)}.");
        if (!SurveyStatuses.CanMove(survey.Status, request.Status))
            return Problems.ConflictProblem($"A {survey.Status} survey cannot become {request.Status} (draft → fielding → closed → published).");
        survey.Status = request.Status;
        survey.UpdatedAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ResponseAsync(survey, statistics, ct));
    }

    private static async Task<Results<Ok<List<TargetResponse>>, ProblemHttpResult, ValidationProblem>> ListTargetsAsync(Guid id,
        [FromQuery, Description("Only targets with this status.")] string? status, ClaimsPrincipal user, ResourceMapDbContext db, CancellationToken ct)
    {
        if (!await db.Surveys.AnyAsync(s => s.Id == id, ct)) return Problems.NotFoundProblem("survey", id);
        if (status is not null && !TargetStatuses.All.Contains(status))
            return Problems.ValidationProblem("status", $"Use one of: {string.Join(", ", TargetStatuses.All)}.");
        var viewer = await Viewer.ForAsync(user, db, ct);
        var targets = await db.SurveyTargets.AsNoTracking().Where(t => t.SurveyId == id && (status == null || t.Status == status))
            .ReadableBy(db.Organizations, viewer)
            .OrderBy(t => t.MunicipalityCode).ThenBy(t => t.Name).ToListAsync(ct);
        return TypedResults.Ok(targets.Select(TargetResponse.From).ToList());
    }

    public record AddTargetsResult(int Added, int AlreadyPresent, int Targets);

    private static async Task<Results<Ok<AddTargetsResult>, ProblemHttpResult>> AddDirectoryTargetsAsync(Guid id,
        AddDirectoryTargetsRequest request, ClaimsPrincipal user, ResourceMapDbContext db, CancellationToken ct)
    {
        var survey = await db.Surveys.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (survey is null) return Problems.NotFoundProblem("survey", id);
        var area = survey.MunicipalityCodes;
        var forms = request.LegalForms ?? [];
        // Only organisations the caller may read become targets: a survey over a neighbour's area must not copy its
        // partners- or owner-scoped organisations (names, 法人番号) into a list the caller's staff can read.
        var viewer = await Viewer.ForAsync(user, db, ct);
        var candidates = await db.Organizations.AsNoTracking().Where(viewer.ReadableOrganizations())
            .Where(o => o.ArchivedAt == null && (forms.Count == 0 || forms.Contains(o.LegalForm)))
            .Where(o => area.Contains(o.OwnerMunicipalityCode)
                        || o.Services.Any(s => s.ArchivedAt == null && s.Locations.Any(l => area.Contains(l.Location!.MunicipalityCode))))
            .OrderBy(o => o.Name).ToListAsync(ct);
        var present = await db.SurveyTargets.Where(t => t.SurveyId == id)
            .Select(t => new { t.OrganizationId, t.CorporateNumber }).ToListAsync(ct);
        var presentIds = present.Where(p => p.OrganizationId != null).Select(p => p.OrganizationId!.Value).ToHashSet();
        var presentNumbers = present.Where(p => p.CorporateNumber != null).Select(p => p.CorporateNumber!).ToHashSet();
        var now = DateTimeOffset.UtcNow;
        var added = 0;
        foreach (var o in candidates)
        {
            if (presentIds.Contains(o.Id) || (o.CorporateNumber is not null && presentNumbers.Contains(o.CorporateNumber))) continue;
            db.SurveyTargets.Add(new SurveyTarget
            {
                Id = Guid.CreateVersion7(), SurveyId = id, OrganizationId = o.Id, Name = o.Name, NameKana = o.NameKana,
                CorporateNumber = o.CorporateNumber, LegalForm = o.LegalForm, MunicipalityCode = o.OwnerMunicipalityCode,
                NameKey = OrganizationNames.Key(o.Name), Origin = "directory", CreatedAt = now, StatusChangedAt = now,
            });
            added++;
        }
        await db.SaveChangesAsync(ct);
        var total = await db.SurveyTargets.CountAsync(t => t.SurveyId == id, ct);
        return TypedResults.Ok(new AddTargetsResult(added, candidates.Count - added, total));
    }

    private static async Task<Results<Ok<TargetImportResult>, ValidationProblem, ProblemHttpResult>> ImportTargetsAsync(Guid id,
        IFormFile? file,
        [FromQuery, Description("Mapping profile of kind targets; default npo-open-data.")] string? profile,
        [FromQuery, Description("auto (default), utf-8, shift_jis or utf-16 (a UTF-16 file with its byte-order mark is always read as UTF-16).")] string? encoding,
        ResourceMapDbContext db, TargetImporter importer, CancellationToken ct)
    {
        var survey = await db.Surveys.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (survey is null) return Problems.NotFoundProblem("survey", id);
        var profileId = profile ?? DefaultTargetProfile;
        var mapping = await db.MappingProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.Id == profileId && p.Kind == "targets", ct);
        if (mapping is null) return Problems.ValidationProblem("profile", $"No targets mapping profile has id '{profileId}'.");
        if (file is null) return Problems.ValidationProblem("file", "Send the list as the multipart part named 'file'.");
        await using var upload = await UploadedFile.CopyAsync(file, ct);
        try
        {
            return TypedResults.Ok(await importer.ImportAsync(survey, mapping, upload, encoding, ct));
        }
        catch (TabularFileException e)
        {
            return Problems.FileProblem(e);
        }
        catch (Exception e) when (ConcurrentWrite.IsConflict(e))
        {
            return ConcurrentWrite.Problem();
        }
    }

    private static async Task<Results<Ok<TargetResponse>, ValidationProblem, ProblemHttpResult>> ChangeTargetStatusAsync(Guid id, Guid targetId,
        TargetStatusRequest request, ResourceMapDbContext db, CancellationToken ct)
    {
        var target = await db.SurveyTargets.SingleOrDefaultAsync(t => t.SurveyId == id && t.Id == targetId, ct);
        if (target is null) return Problems.NotFoundProblem("survey target", targetId);
        if (request.Status is not (TargetStatuses.Pending or TargetStatuses.Sent or TargetStatuses.Declined or TargetStatuses.Undeliverable))
            return Problems.ValidationProblem("status", "Use pending, sent, declined or undeliverable; answered is set when an answer is committed.");
        if (target.Status == TargetStatuses.Answered)
            return Problems.ConflictProblem("The target has answered; its status follows its answer.");
        var now = DateTimeOffset.UtcNow;
        target.Status = request.Status;
        target.StatusChangedAt = now;
        if (request.Status == TargetStatuses.Sent) target.SentAt ??= now;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(TargetResponse.From(target));
    }

    private static async Task<Results<Ok<ImportResult>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> ImportAnswersAsync(Guid id,
        IFormFile? file,
        [FromQuery, Description("dry_run (default: report only, nothing written) or commit.")] string? mode,
        [FromQuery, Description("auto (default), utf-8, shift_jis or utf-16 (a UTF-16 file with its byte-order mark is always read as UTF-16).")] string? encoding,
        [FromQuery, Description("json (default) or csv: the per-row report as a CSV download.")] string? format,
        [FromQuery, Description("Mapping profile (kind answers) to read the file with; default: the survey's.")] string? profile,
        ClaimsPrincipal user, ResourceMapDbContext db, AnswerImporter importer, CancellationToken ct)
    {
        var survey = await db.Surveys.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (survey is null) return Problems.NotFoundProblem("survey", id);
        var errors = new Dictionary<string, string[]>();
        if (mode is not (null or "dry_run" or "commit")) errors["mode"] = ["mode is dry_run or commit."];
        if (format is not (null or "json" or "csv")) errors["format"] = ["format is json or csv."];
        if (file is null) errors["file"] = ["Send the answers as the multipart part named 'file'."];
        var profileId = profile ?? survey.MappingProfileId;
        var mapping = await db.MappingProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.Id == profileId && p.Kind == "answers", ct);
        if (mapping is null || (mapping.MunicipalityCode is not null && mapping.MunicipalityCode != survey.IssuingMunicipalityCode))
            errors["profile"] = [$"No answers mapping profile '{profileId}' is available to this survey (a municipality's profile serves its own surveys)."];
        if (errors.Count > 0) return Problems.ValidationProblem(errors);
        if (mode == "commit" && survey.Status == SurveyStatuses.Draft)
            return Problems.ConflictProblem("The survey is still a draft; move it to fielding before committing answers.");

        await using var upload = await UploadedFile.CopyAsync(file!, ct);
        ImportResult result;
        try
        {
            result = await importer.ImportAsync(survey, mapping!, upload, encoding, mode == "commit", await Viewer.ForAsync(user, db, ct), ct);
        }
        catch (TabularFileException e)
        {
            return Problems.FileProblem(e);
        }
        catch (Exception e) when (ConcurrentWrite.IsConflict(e))
        {
            return ConcurrentWrite.Problem();
        }
        if (format != "csv") return TypedResults.Ok(result);
        return await SurveyCsv.ImportReportAsync(result, importer.AllAsync(result.ReportId, ct), ct);
    }

    private static async Task<Results<Ok<ImportReportPage>, ValidationProblem, ProblemHttpResult>> ImportReportAsync(Guid id, Guid reportId,
        [FromQuery, Description("next_cursor of the previous page; absent for the first page.")] string? cursor,
        [FromQuery, Description("Rows per page, 1–1000 (default 100).")] int? limit,
        ResourceMapDbContext db, AnswerImporter importer, CancellationToken ct)
    {
        if (!await db.SurveyImports.AnyAsync(i => i.Id == reportId && i.SurveyId == id, ct)) return Problems.NotFoundProblem("import report", reportId);
        if (limit is < 1 or > 1000) return Problems.ValidationProblem("limit", "limit is 1–1000.");
        try
        {
            return TypedResults.Ok(await importer.PageAsync(reportId, cursor, limit ?? 100, ct));
        }
        catch (ArgumentException e)
        {
            return Problems.ValidationProblem("cursor", e.Message);
        }
    }

    private static async Task<Results<Ok<List<ImportSummary>>, ProblemHttpResult>> ListImportsAsync(Guid id, ResourceMapDbContext db, CancellationToken ct)
    {
        if (!await db.Surveys.AnyAsync(s => s.Id == id, ct)) return Problems.NotFoundProblem("survey", id);
        var imports = await db.SurveyImports.AsNoTracking().Where(i => i.SurveyId == id && i.Mode == "committed").OrderBy(i => i.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(imports.Select(ImportSummary.From).ToList());
    }

    private static async Task<Results<Ok<List<ArchivedRow>>, ProblemHttpResult>> ImportRowsAsync(Guid id, Guid importId,
        ResourceMapDbContext db, CancellationToken ct)
    {
        // Only a commit archives its rows' original cells: a dry run's rows are its report.
        var import = await db.SurveyImports.AsNoTracking().Where(i => i.Id == importId && i.SurveyId == id && i.Mode == "committed")
            .Select(i => new { i.Headers }).FirstOrDefaultAsync(ct);
        if (import is null) return Problems.NotFoundProblem("import", importId);
        var rows = await db.SurveyAnswerRows.AsNoTracking().Where(r => r.ImportId == importId).OrderBy(r => r.RowNumber).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(r => new ArchivedRow(r.RowNumber, AnswerImporter.ArchivedCells(import.Headers, r.RawCells), r.Match,
            r.TargetId, r.Outcome, r.Issues.Select(RowIssueDto.From).ToList())).ToList());
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ResolveMatchAsync(Guid id,
        MatchResolutionRequest request, ResourceMapDbContext db, CancellationToken ct)
    {
        if (!await db.Surveys.AnyAsync(s => s.Id == id, ct)) return Problems.NotFoundProblem("survey", id);
        if (string.IsNullOrWhiteSpace(request.MatchKey) || request.MatchKey.Length > 500)
            return Problems.ValidationProblem("match_key", "Give the match_key a dry run reported (at most 500 characters).");
        if (!await db.SurveyTargets.AnyAsync(t => t.SurveyId == id && t.Id == request.TargetId, ct))
            return Problems.ValidationProblem("target_id", $"The survey has no target {request.TargetId}.");
        var existing = await db.SurveyMatchResolutions.SingleOrDefaultAsync(r => r.SurveyId == id && r.MatchKey == request.MatchKey, ct);
        if (existing is null)
            db.SurveyMatchResolutions.Add(new SurveyMatchResolution { SurveyId = id, MatchKey = request.MatchKey, TargetId = request.TargetId, CreatedAt = DateTimeOffset.UtcNow });
        else existing.TargetId = request.TargetId;
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<SurveyStatistics>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> StatisticsAsync(Guid id,
        [FromQuery, Description("json (default) or csv (UTF-8 with BOM).")] string? format,
        ClaimsPrincipal user, ResourceMapDbContext db, SurveyStatisticsCalculator statistics, CancellationToken ct)
    {
        if (format is not (null or "json" or "csv")) return Problems.ValidationProblem("format", "format is json or csv.");
        var survey = await db.Surveys.AsNoTracking().Where(s => s.Id == id)
            .Select(s => new { s.IssuingMunicipalityCode, s.MunicipalityCodes }).SingleOrDefaultAsync(ct);
        if (survey is null) return Problems.NotFoundProblem("survey", id);
        var viewer = await Viewer.ForAsync(user, db, ct);
        var result = await statistics.StatisticsAsync(id, viewer.SeesRawAnswers(survey.IssuingMunicipalityCode, survey.MunicipalityCodes), ct);
        return format == "csv" ? SurveyCsv.Statistics(result) : TypedResults.Ok(result);
    }

    private static async Task<Results<Ok<PublishPreview>, ProblemHttpResult>> PublishPreviewAsync(Guid id, ResourceMapDbContext db,
        SurveyPublisher publisher, CancellationToken ct)
    {
        var survey = await db.Surveys.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (survey is null) return Problems.NotFoundProblem("survey", id);
        var preview = await publisher.PreviewAsync(survey, ct);
        db.ChangeTracker.Clear();
        return TypedResults.Ok(preview);
    }

    private static async Task<Results<Ok<PublishResult>, ValidationProblem, ProblemHttpResult>> PublishAsync(Guid id, PublishRequest? request,
        ResourceMapDbContext db, SurveyPublisher publisher, IValidator<PublishRequest> validator, CancellationToken ct)
    {
        var survey = await db.Surveys.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (survey is null) return Problems.NotFoundProblem("survey", id);
        if (request is not null && await validator.ValidateAsync(request, ct) is { IsValid: false } invalid)
            return Problems.ValidationProblem(invalid.ToSnakeCaseDictionary());
        if (!SurveyStatuses.CanMove(survey.Status, SurveyStatuses.Published))
            return Problems.ConflictProblem($"Only a closed (or published) survey can be published; this one is {survey.Status}.");
        try
        {
            var (result, errors) = await publisher.PublishAsync(survey, request?.Decisions ?? [], ct);
            return errors is not null ? Problems.ValidationProblem(errors) : TypedResults.Ok(result!);
        }
        catch (Exception e) when (ConcurrentWrite.IsConflict(e))
        {
            return ConcurrentWrite.Problem();
        }
    }

    private static async Task<SurveyResponse> ResponseAsync(Survey s, SurveyStatisticsCalculator statistics, CancellationToken ct) =>
        new(s.Id, s.Title, s.IssuingMunicipalityCode, s.RegionId, s.MunicipalityCodes, s.PeriodStart, s.PeriodEnd, s.MappingProfileId,
            s.Status, s.CreatedAt, s.UpdatedAt, s.PublishedAt, await statistics.ProgressAsync(s.Id, ct));
}
