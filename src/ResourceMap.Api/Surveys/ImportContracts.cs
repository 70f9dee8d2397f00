using System.ComponentModel;
using FluentValidation;
using ResourceMap.Api.Common;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Surveys;
using ResourceMap.Domain.Taxonomy;

namespace ResourceMap.Api.Surveys;

public record RowIssueDto(string Field, string ReasonJa, string ReasonEn,
    [property: Description("true: the row is rejected; false: a warning, the row is still accepted.")] bool Blocking)
{
    public static RowIssueDto From(RowIssue i) => new(i.Field, i.ReasonJa, i.ReasonEn, i.Blocking);
}

public record MatchCandidate(Guid TargetId, string Name, string MunicipalityCode);

public record RowMatch(
    [property: Description("matched, ambiguous or missing.")] string Status,
    Guid? TargetId,
    [property: Description("The key a match resolution is stored under: the 法人番号, else municipality|normalised name.")] string MatchKey,
    [property: Description("matched by corporate_number, name or resolution.")] string? By,
    IReadOnlyList<MatchCandidate> Candidates);

public record ImportRowResult(
    int RowNumber,
    string OrganizationName,
    RowMatch Match,
    [property: Description("create, update, unchanged or rejected.")] string Outcome,
    IReadOnlyList<RowIssueDto> Issues);

public record ImportResult(
    [property: Description("The stored import (commit only); null for a dry run, which writes nothing.")] Guid? ImportId,
    [property: Description("dry_run or commit.")] string Mode,
    string FileName,
    [property: Description("csv or xlsx.")] string Format,
    [property: Description("utf-8 or shift_jis (as detected or stated).")] string Encoding,
    [property: Description("SHA-256 of the file.")] string Checksum,
    [property: Description("A committed import of the same file: re-importing it changed nothing.")] Guid? AlreadyImportedAs,
    IReadOnlyList<string> IgnoredHeaders,
    int Rows,
    int Created,
    int Updated,
    int Unchanged,
    int Rejected,
    int Warnings,
    IReadOnlyList<ImportRowResult> Items);

public record MatchResolutionRequest(
    [property: Description("match_key of the row, as a dry run reports it.")] string MatchKey,
    [property: Description("The target the row belongs to.")] Guid TargetId);

public record ImportSummary(Guid Id, string Kind, string FileName, string Checksum, string Format, string Encoding, string Mode,
    int RowCount, int Created, int Updated, int Unchanged, int Rejected, DateTimeOffset CreatedAt)
{
    public static ImportSummary From(SurveyImport i) => new(i.Id, i.Kind, i.FileName, i.Checksum, i.Format, i.Encoding, i.Mode,
        i.RowCount, i.Created, i.Updated, i.Unchanged, i.Rejected, i.CreatedAt);
}

public record ArchivedRow(int RowNumber,
    [property: Description("The original cells, header → text, exactly as in the file. Staff only.")] IReadOnlyDictionary<string, string> RawCells,
    string Match, Guid? TargetId, string Outcome, IReadOnlyList<RowIssueDto> Issues);
