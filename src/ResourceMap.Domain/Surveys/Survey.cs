namespace ResourceMap.Domain.Surveys;

public static class SurveyStatuses
{
    public const string Draft = "draft";
    public const string Fielding = "fielding";
    public const string Closed = "closed";
    public const string Published = "published";

    public static readonly IReadOnlyList<string> All = [Draft, Fielding, Closed, Published];

    /// <summary>A survey only moves forward; publishing again after a late import is allowed.</summary>
    public static bool CanMove(string from, string to) =>
        (from, to) switch
        {
            (Draft, Fielding) or (Fielding, Closed) or (Closed, Published) or (Published, Published) => true,
            _ => false,
        };
}

/// <summary>A resource survey (リソース調査): who asks, where, when, and how its answer files are read.</summary>
public class Survey
{
    public Guid Id { get; set; }
    public required string Title { get; set; }
    public required string IssuingMunicipalityCode { get; set; }
    /// <summary>The survey area as a region, or null when it is an ad-hoc list of municipalities.</summary>
    public string? RegionId { get; set; }
    /// <summary>The survey area resolved to municipality codes (a region's members are copied when the survey is made).</summary>
    public List<string> MunicipalityCodes { get; set; } = [];
    public DateOnly? PeriodStart { get; set; }
    public DateOnly? PeriodEnd { get; set; }
    public required string MappingProfileId { get; set; }
    public string Status { get; set; } = SurveyStatuses.Draft;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>The value organisations and services published from this survey carry in their source field.</summary>
    public string SourceStamp => $"survey:{Id}";
}

public static class TargetStatuses
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Answered = "answered";
    public const string Declined = "declined";
    public const string Undeliverable = "undeliverable";

    public static readonly IReadOnlyList<string> All = [Pending, Sent, Answered, Declined, Undeliverable];
}

/// <summary>
/// An organisation a survey is sent to. Targets picked from open data carry their own copy of the public register's
/// fields; they become directory organisations only when their answer is published, because an unanswered entry of
/// a register is not a confirmed resource. Representatives' personal names are never stored.
/// </summary>
public class SurveyTarget
{
    public Guid Id { get; set; }
    public Guid SurveyId { get; set; }
    /// <summary>The directory organisation, when there is one (picked from the directory, matched, or published).</summary>
    public Guid? OrganizationId { get; set; }
    public required string Name { get; set; }
    public string? NameKana { get; set; }
    public string? CorporateNumber { get; set; }
    public string? LegalForm { get; set; }
    public string? Address { get; set; }
    public required string MunicipalityCode { get; set; }
    public double? Lat { get; set; }
    public double? Lng { get; set; }
    public string? Precision { get; set; }
    /// <summary>Normalised name used to match answers that carry no 法人番号.</summary>
    public string NameKey { get; set; } = "";
    /// <summary>directory or open_data.</summary>
    public required string Origin { get; set; }
    public string Status { get; set; } = TargetStatuses.Pending;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset StatusChangedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
}

/// <summary>A stored, editable mapping from the headers a form exports to the fields the import understands.</summary>
public class MappingProfile
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    /// <summary>answers (questionnaire exports) or targets (open-data NPO lists).</summary>
    public required string Kind { get; set; }
    /// <summary>Field → the header texts that mean it (first found wins).</summary>
    public Dictionary<string, List<string>> Columns { get; set; } = new();
    /// <summary>The municipality whose editors own the profile; null for a profile shared by all (admins change it).</summary>
    public string? MunicipalityCode { get; set; }
    /// <summary>Where the table is and how answers are read beyond one column per field.</summary>
    public MappingOptions Options { get; set; } = new();
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// What real form exports need beyond "this header is that field": where the header is, which sheet, coded answers,
/// one column per option, a separate その他 text column, answers outside the taxonomy taken as その他 text, and columns
/// joined into one field.
/// </summary>
public record MappingOptions
{
    /// <summary>The header's 1-based row; null: detected (the row among the first 30 holding the most mapped headers).</summary>
    public int? HeaderRow { get; init; }
    /// <summary>The sheet's name (XLSX); null: the first sheet whose header is found.</summary>
    public string? Sheet { get; init; }
    /// <summary>Field → answer text → taxonomy code (or yes / no for yes-no fields), e.g. coded answers 1/2/3 or a form's own labels.</summary>
    public Dictionary<string, Dictionary<string, string>> ValueMaps { get; init; } = new();
    /// <summary>Multiple-choice field → header of a one-column-per-option column → the option's code; a filled cell ticks it.</summary>
    public Dictionary<string, Dictionary<string, string>> OptionColumns { get; init; } = new();
    /// <summary>Multiple-choice or choice field → headers of the separate その他 text column.</summary>
    public Dictionary<string, List<string>> OtherTextColumns { get; init; } = new();
    /// <summary>Fields whose answers outside the taxonomy are その他 text (forms export only the typed text of その他).</summary>
    public List<string> UnknownOptionsAsOther { get; init; } = [];
    /// <summary>Field → the columns joined into it, in order (each a list of header texts), e.g. address = 市町村 + 住所.</summary>
    public Dictionary<string, List<List<string>>> JoinedColumns { get; init; } = new();
}

/// <summary>One uploaded file: what it was (checksum, encoding, format) and what became of its rows.</summary>
public class SurveyImport
{
    public Guid Id { get; set; }
    public Guid SurveyId { get; set; }
    /// <summary>answers or targets.</summary>
    public required string Kind { get; set; }
    public required string FileName { get; set; }
    public required string Checksum { get; set; }
    public required string Format { get; set; }
    public required string Encoding { get; set; }
    /// <summary>dry_run or committed.</summary>
    public required string Mode { get; set; }
    public int RowCount { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Rejected { get; set; }
    public int NeedsReview { get; set; }
    public int Superseded { get; set; }
    /// <summary>Non-blocking issues over all rows.</summary>
    public int Warnings { get; set; }
    /// <summary>The mapping profile the file was read with.</summary>
    public string? ProfileId { get; set; }
    /// <summary>The header's row in the spreadsheet, and the sheet (XLSX).</summary>
    public int HeaderRow { get; set; }
    public string? SheetName { get; set; }
    public List<string> IgnoredHeaders { get; set; } = [];
    /// <summary>
    /// The header as read (merged header cells spelled out), once per import: a committed row archives only its
    /// cells. Empty for imports from before decision 20, whose rows archived the header with each row.
    /// </summary>
    public List<string> Headers { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
}

public static class RowOutcomes
{
    public const string Create = "create";
    public const string Update = "update";
    public const string Unchanged = "unchanged";
    public const string Rejected = "rejected";
    /// <summary>The row's organisation is not certain: staff resolve the match, nothing is stored until then.</summary>
    public const string NeedsReview = "needs_review";
    /// <summary>A later answer of the same organisation in the same file replaces this row.</summary>
    public const string Superseded = "superseded";
}

/// <summary>A reason attached to a row, in Japanese for the staff who fix the file and in English for the log.</summary>
public record RowIssue(string Field, string ReasonJa, string ReasonEn, bool Blocking = true);

/// <summary>
/// One row of an answer file as the import read it, written once (one COPY) whether the import is a dry run or a
/// commit: the row's report is rendered from it page by page, and a commit applies its answers from it. A commit also
/// archives the original cells verbatim (with the import's header); they can hold personal details from free-text
/// answers, so they are served to staff keys only. Rows of dry runs go with their import after a day. An import's
/// row is known by its row number: no surrogate key (decision 20).
/// </summary>
public class SurveyAnswerRow
{
    public Guid ImportId { get; set; }
    public Guid SurveyId { get; set; }
    /// <summary>The row's number in the spreadsheet; with the import, the report's paging key.</summary>
    public int RowNumber { get; set; }
    /// <summary>
    /// The original cells of a committed row as JSON: an array of the cells in file order, read with the import's
    /// <see cref="SurveyImport.Headers"/>; rows archived before decision 20 hold an object, header → cell. {} for a
    /// dry run.
    /// </summary>
    public string RawCells { get; set; } = "{}";
    /// <summary>matched, needs_review or rejected.</summary>
    public required string Match { get; set; }
    /// <summary>How the row was matched, with the reason and candidates, as the report shows it (JSON).</summary>
    public string? MatchDetail { get; set; }
    public Guid? TargetId { get; set; }
    public required string Outcome { get; set; }
    /// <summary>For a superseded row: the row whose later answer replaces it.</summary>
    public int? SupersededBy { get; set; }
    public List<RowIssue> Issues { get; set; } = [];
    /// <summary>The row as read: what a commit stores for it (the answer's data).</summary>
    public SurveyAnswerData Data { get; set; } = new();
    public string? DataHash { get; set; }
    /// <summary>The answer the row creates or updates; null when it stores nothing.</summary>
    public Guid? AnswerId { get; set; }
    /// <summary>The matched target's municipality, stored on a created answer.</summary>
    public string? MunicipalityCode { get; set; }
}

/// <summary>The current, accepted answer of one target: what statistics count and publishing writes to the directory.</summary>
public class SurveyAnswer
{
    public Guid Id { get; set; }
    public Guid SurveyId { get; set; }
    public Guid TargetId { get; set; }
    public required string MunicipalityCode { get; set; }
    /// <summary>
    /// The answer's data: not a column of its own but the data of the import row that answers for it (ImportId,
    /// RowNumber), which a committed import keeps (decision 18). Filled when answers are loaded with their data.
    /// </summary>
    public SurveyAnswerData Data { get; set; } = new();
    /// <summary>SHA-256 of the normalised data: an identical re-import is recognised as unchanged.</summary>
    public required string DataHash { get; set; }
    /// <summary>The import whose row answers for the target, and that row's number.</summary>
    public Guid ImportId { get; set; }
    public int RowNumber { get; set; }
    public Guid? LocationId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The previous values of an answer that a corrected re-export replaced.</summary>
public class SurveyAnswerChange
{
    public long Id { get; set; }
    public Guid AnswerId { get; set; }
    public Guid ImportId { get; set; }
    public required SurveyAnswerData PreviousData { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>A staff decision that a row's match key means this target; later imports follow it instead of guessing.</summary>
public class SurveyMatchResolution
{
    public Guid SurveyId { get; set; }
    public required string MatchKey { get; set; }
    public Guid TargetId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An answer read through a mapping profile: codes where the questionnaire offers options, text otherwise.</summary>
public record SurveyAnswerData
{
    public string OrganizationName { get; init; } = "";
    public string? CorporateNumber { get; init; }
    public string? Address { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? LegalForm { get; init; }
    public string? ActivityScope { get; init; }
    public bool? ActiveAgainstIsolation { get; init; }
    public List<string> ProblemKeywords { get; init; } = [];
    public List<string> ActivityTypes { get; init; } = [];
    public string? OtherActivity { get; init; }
    public bool? MunicipalCommission { get; init; }
    public string? Frequency { get; init; }
    public bool? TrackRecord { get; init; }
    public bool? NeedToAct { get; init; }
    public List<string> Difficulties { get; init; } = [];
    public List<string> Expectations { get; init; } = [];
    public string? ActivityDescription { get; init; }
    /// <summary>Free text about support cases: staff only, never published.</summary>
    public string? CaseDescription { get; init; }
    /// <summary>Options no taxonomy term matched, kept by field so nothing is dropped silently.</summary>
    public Dictionary<string, List<string>> UnknownOptions { get; init; } = new();
    public double? Lat { get; init; }
    public double? Lng { get; init; }
    public string? Precision { get; init; }
    public string? GeocodedMunicipalityCode { get; init; }
    /// <summary>The organisation name's reading, when the form asks for it.</summary>
    public string? NameKana { get; init; }
    /// <summary>When the answer was submitted (the form's timestamp column), ISO 8601.</summary>
    public string? SubmittedAt { get; init; }
    /// <summary>The form tool's id of the response.</summary>
    public string? ResponseId { get; init; }
    /// <summary>その他 text per field other than activity_types (whose text is <see cref="OtherActivity"/>).</summary>
    public Dictionary<string, string> OtherNotes { get; init; } = new();
}

/// <summary>
/// The service a survey published for one target's activity type: re-publishing updates this service instead of
/// adding another, and a service staff archived is not brought back.
/// </summary>
public class SurveyPublishedService
{
    public Guid SurveyId { get; set; }
    public Guid TargetId { get; set; }
    /// <summary>The service_category code of the activity type.</summary>
    public required string Category { get; set; }
    public Guid ServiceId { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
}
