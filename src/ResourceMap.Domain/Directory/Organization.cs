namespace ResourceMap.Domain.Directory;

/// <summary>A support organisation (HSDS organization). Never a person in need.</summary>
public class Organization : IDirectoryRecord
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public string? NameKana { get; set; }
    public required string LegalForm { get; set; }
    public string? CorporateNumber { get; set; }
    public string? Description { get; set; }
    public string? Website { get; set; }
    public string? Email { get; set; }
    public List<Phone> Phones { get; set; } = [];
    public bool PlatformMember { get; set; }
    public string? PlatformRole { get; set; }
    public DateOnly? PlatformJoinedOn { get; set; }
    /// <summary>Who may read the record: public, partners (of SharedWithRegions) or owner.</summary>
    public string SharingScope { get; set; } = SharingScopes.Public;
    /// <summary>Region ids whose member municipalities' staff the record is shared with: they read its restricted fields, and a partners-scoped record at all.</summary>
    public List<string> SharedWithRegions { get; set; } = [];
    /// <summary>Restricted: returned only to callers the scope allows.</summary>
    public string? ContactPerson { get; set; }
    /// <summary>Restricted: returned only to callers the scope allows.</summary>
    public string? InternalNotes { get; set; }
    /// <summary>The municipality in charge of this record.</summary>
    public required string OwnerMunicipalityCode { get; set; }
    /// <summary>Where the record came from: manual, sample, or survey:&lt;id&gt;.</summary>
    public string Source { get; set; } = RecordSources.Manual;
    /// <summary>NFKC-normalised, kana-folded name and kana used for matching and search.</summary>
    public string SearchText { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset LastVerifiedAt { get; set; }
    public DateTimeOffset? ArchivedAt { get; set; }
    public uint Version { get; set; }
    public List<Service> Services { get; set; } = [];
}

public record Phone(string Number, string? Description);

/// <summary>Who may read a directory record besides admins and the owner municipality's staff.</summary>
public static class SharingScopes
{
    public const string Public = "public";
    public const string Partners = "partners";
    public const string Owner = "owner";
    public static readonly IReadOnlyList<string> All = [Public, Partners, Owner];
}

public static class RecordSources
{
    public const string Manual = "manual";
    public const string Sample = "sample";
}

/// <summary>What every editable directory record carries: timestamps, soft delete and a concurrency version.</summary>
public interface IDirectoryRecord
{
    Guid Id { get; }
    DateTimeOffset CreatedAt { get; set; }
    DateTimeOffset UpdatedAt { get; set; }
    DateTimeOffset LastVerifiedAt { get; set; }
    DateTimeOffset? ArchivedAt { get; set; }
    uint Version { get; }
}
