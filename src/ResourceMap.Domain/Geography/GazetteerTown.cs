namespace ResourceMap.Domain.Geography;

/// <summary>A town-level (大字・町丁目) representative point of the Geolonia gazetteer, the offline geocoder's data.</summary>
public class GazetteerTown
{
    public long Id { get; set; }
    public required string MunicipalityCode { get; set; }
    public required string Prefecture { get; set; }
    /// <summary>As written in addresses, with the 郡 or designated-city prefix (虻田郡洞爺湖町, 札幌市中央区).</summary>
    public required string Municipality { get; set; }
    public required string Town { get; set; }
    /// <summary>The town normalised like an address is before matching (see AddressNormalizer.TownKey).</summary>
    public required string TownKey { get; set; }
    public double Lat { get; set; }
    public double Lng { get; set; }
}
