namespace ResourceMap.Domain.Geography;

/// <summary>
/// A municipality's resident population as imported by an admin, so coverage can be read per 10,000 residents. One
/// figure per municipality: a later import replaces it. Nothing is shipped in seed data (no table we can source).
/// </summary>
public class MunicipalityPopulation
{
    /// <summary>5-digit code, e.g. 01571.</summary>
    public required string MunicipalityCode { get; set; }
    public required int Population { get; set; }
    /// <summary>The date the figure describes (e.g. a 住民基本台帳 reference date), not when it was imported.</summary>
    public required DateOnly AsOf { get; set; }
    /// <summary>Where the figure comes from, e.g. 住民基本台帳に基づく人口 2024-01-01 (総務省).</summary>
    public required string Source { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public required string ImportedBy { get; set; }
}
