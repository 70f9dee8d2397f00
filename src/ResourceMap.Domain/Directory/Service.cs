namespace ResourceMap.Domain.Directory;

/// <summary>An activity or service an organisation runs (HSDS service).</summary>
public class Service : IDirectoryRecord
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public Organization? Organization { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public required string Category { get; set; }
    public List<string> TargetGroups { get; set; } = [];
    public List<string> ProblemKeywords { get; set; } = [];
    public List<string> Channels { get; set; } = [];
    public bool AnonymousOk { get; set; }
    public List<OpeningPeriod> Hours { get; set; } = [];
    public string? HoursNotes { get; set; }
    public string? Frequency { get; set; }
    public string? Fee { get; set; }
    public List<string> Languages { get; set; } = [];
    public bool CommissionedByMunicipality { get; set; }
    public string? CapacityNote { get; set; }
    public bool AcceptsOtherMunicipalities { get; set; }
    public required string OwnerMunicipalityCode { get; set; }
    /// <summary>Who may read the record: public, partners (of SharedWithRegions) or owner.</summary>
    public string SharingScope { get; set; } = SharingScopes.Public;
    public List<string> SharedWithRegions { get; set; } = [];
    /// <summary>Restricted: a direct line not meant for the public.</summary>
    public string? RestrictedPhone { get; set; }
    /// <summary>Restricted: a direct address not meant for the public.</summary>
    public string? RestrictedEmail { get; set; }
    /// <summary>Restricted: details of capacity (free places, waiting list) not meant for the public.</summary>
    public string? CapacityDetails { get; set; }
    public string Source { get; set; } = RecordSources.Manual;
    public string SearchText { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset LastVerifiedAt { get; set; }
    public DateTimeOffset? ArchivedAt { get; set; }
    public uint Version { get; set; }
    public List<ServiceAtLocation> Locations { get; set; } = [];
    public ServiceArea? ServiceArea { get; set; }
}

/// <summary>HSDS service_at_location: which sites a service is delivered at.</summary>
public class ServiceAtLocation
{
    public Guid ServiceId { get; set; }
    public Guid LocationId { get; set; }
    public Location? Location { get; set; }
}
