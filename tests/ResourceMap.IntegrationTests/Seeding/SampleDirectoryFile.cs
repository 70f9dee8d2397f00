using System.Text.Json;
using ResourceMap.IntegrationTests.Surveys;

namespace ResourceMap.IntegrationTests.Seeding;

/// <summary>
/// The services of seed-data/sample-directory.json with what the sharing tests need, so their expectations follow
/// the sample when it is regenerated instead of repeating its ids and values.
/// </summary>
public static class SampleDirectoryFile
{
    public sealed record SampleService(
        Guid Id, string Name, string Category, string OwnerMunicipalityCode, bool AcceptsOtherMunicipalities,
        string SharingScope, string[] SharedWithRegions, string? RestrictedPhone, string? RestrictedEmail, string? CapacityDetails,
        string? ContactPerson, string? SiteMunicipalityCode, double? Lat, double? Lng);

    private static readonly Lazy<IReadOnlyList<SampleService>> Loaded = new(Load);

    public static IReadOnlyList<SampleService> Services => Loaded.Value;

    private static IReadOnlyList<SampleService> Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(SurveySamples.SeedDirectory(), "sample-directory.json")));
        var services = new List<SampleService>();
        foreach (var organization in document.RootElement.GetProperty("organizations").EnumerateArray())
        {
            var sites = organization.GetProperty("locations").EnumerateArray()
                .ToDictionary(l => l.GetProperty("id").GetGuid(), l => l.Clone());
            foreach (var service in organization.GetProperty("services").EnumerateArray())
            {
                var siteIds = service.GetProperty("location_ids").EnumerateArray().Select(i => i.GetGuid()).ToList();
                JsonElement? site = siteIds.Count > 0 ? sites[siteIds[0]] : null;
                services.Add(new SampleService(
                    service.GetProperty("id").GetGuid(), service.GetProperty("name").GetString()!, service.GetProperty("category").GetString()!,
                    organization.GetProperty("owner_municipality_code").GetString()!,
                    service.GetProperty("accepts_other_municipalities").GetBoolean(),
                    service.GetProperty("sharing_scope").GetString()!,
                    service.GetProperty("shared_with_regions").EnumerateArray().Select(r => r.GetString()!).ToArray(),
                    service.GetProperty("restricted_phone").GetString(), service.GetProperty("restricted_email").GetString(),
                    service.GetProperty("capacity_details").GetString(), organization.GetProperty("contact_person").GetString(),
                    site?.GetProperty("municipality_code").GetString(), site?.GetProperty("lat").GetDouble(), site?.GetProperty("lng").GetDouble()));
            }
        }
        return services;
    }
}
