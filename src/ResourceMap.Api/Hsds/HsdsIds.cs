using System.Security.Cryptography;
using System.Text;

namespace ResourceMap.Api.Hsds;

/// <summary>
/// HSDS wants a UUID on every object. Directory records keep their own ids; objects ResourceMap stores as columns
/// (taxonomies, terms, a service's schedules, phones, its area, an organisation's 法人番号, a site's address) or as a
/// link row (service_at_location) get a stable name-based id: the first 16 bytes of the SHA-256 of "kind:part:part" read as a
/// UUID, computed alike by PostgreSQL (<see cref="ServiceAtLocationSql"/>), so the database can find a service_at_location by its id.
/// </summary>
public static class HsdsIds
{
    public static Guid Of(string kind, params object[] parts)
    {
        var name = kind + ":" + string.Join(':', parts.Select(p => p is Guid g ? g.ToString("D") : p.ToString()));
        return new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16), bigEndian: true);
    }

    public static Guid Taxonomy(string vocabulary) => Of("taxonomy", vocabulary);

    public static Guid Term(string vocabulary, string code) => Of("taxonomy_term", vocabulary, code);

    public static Guid ServiceAtLocation(Guid serviceId, Guid locationId) => Of("service_at_location", serviceId, locationId);

    /// <summary>The SQL twin of <see cref="ServiceAtLocation"/> over the service_at_location table's columns.</summary>
    public const string ServiceAtLocationSql =
        "substr(encode(sha256(convert_to('service_at_location:' || service_id::text || ':' || location_id::text, 'UTF8')), 'hex'), 1, 32)::uuid";
}
