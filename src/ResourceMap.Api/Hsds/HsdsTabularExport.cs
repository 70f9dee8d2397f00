using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using ResourceMap.Api.Common;
using ResourceMap.Infrastructure.Persistence;

namespace ResourceMap.Api.Hsds;

/// <summary>
/// HSDS's tabular form: a Frictionless data package (datapackage.json + one CSV per table) of everything public.
/// The tables and their columns come from the official HSDS schemas shipped in Schemas/ (the scalar properties of
/// each object, in the schema's order), so the CSVs follow the standard rather than a list kept by hand.
/// </summary>
public sealed class HsdsTabularExport(ResourceMapDbContext db, HsdsQueries queries, HsdsMapper mapper)
{
    /// <summary>Table file → the schema it follows, in the order HSDS lists them.</summary>
    private static readonly (string File, string Schema)[] Tables =
    [
        ("organizations.csv", "organization.json"), ("organization_identifiers.csv", "organization_identifier.json"),
        ("services.csv", "service.json"), ("locations.csv", "location.json"), ("addresses.csv", "address.json"),
        ("service_at_locations.csv", "service_at_location.json"), ("phones.csv", "phone.json"), ("schedules.csv", "schedule.json"),
        ("service_areas.csv", "service_area.json"), ("languages.csv", "language.json"), ("taxonomies.csv", "taxonomy.json"),
        ("taxonomy_terms.csv", "taxonomy_term.json"), ("attributes.csv", "attribute.json"),
    ];

    private static readonly JsonSerializerOptions Descriptor = new()
    {
        WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static JsonObject Schema(string name)
    {
        using var stream = typeof(HsdsTabularExport).Assembly.GetManifestResourceStream($"hsds-schemas/{name}")
            ?? throw new InvalidOperationException($"HSDS schema {name} is not embedded.");
        return JsonNode.Parse(stream)!.AsObject();
    }

    /// <summary>The scalar properties of an HSDS object: the columns of its table.</summary>
    public static List<(string Name, string Type, string? Format)> Columns(string schema) =>
        Schema(schema)["properties"]!.AsObject()
            .Where(p => p.Value!["type"]?.GetValue<string>() is "string" or "number" or "integer" or "boolean")
            .Select(p => (p.Key, p.Value!["type"]!.GetValue<string>(), p.Value["format"]?.GetValue<string>()))
            .ToList();

    /// <summary>Writes the zip to <paramref name="output"/> (a seekable stream: ZipArchive writes synchronously).</summary>
    public async Task WriteAsync(Stream output, CancellationToken ct)
    {
        var rows = Tables.ToDictionary(t => t.File, _ => new List<object>());
        var locations = new HashSet<Guid>();
        var organizations = await db.Organizations.AsNoTracking().Where(Viewer.Public.ReadableOrganizations())
            .Where(o => o.ArchivedAt == null).OrderBy(o => o.Id).ToListAsync(ct);
        foreach (var organization in organizations.Select(o => mapper.Organization(o)))
        {
            rows["organizations.csv"].Add(organization);
            rows["organization_identifiers.csv"].AddRange(organization.OrganizationIdentifiers ?? []);
            rows["phones.csv"].AddRange(organization.Phones ?? []);
        }
        await foreach (var (_, service) in queries.AllPublicServicesAsync(ct))
        {
            rows["services.csv"].Add(service);
            foreach (var link in service.ServiceAtLocations ?? [])
            {
                rows["service_at_locations.csv"].Add(link);
                if (!locations.Add(link.LocationId)) continue;
                rows["locations.csv"].Add(link.Location);
                rows["addresses.csv"].AddRange(link.Location.Addresses ?? []);
            }
            rows["schedules.csv"].AddRange(service.Schedules ?? []);
            rows["service_areas.csv"].AddRange(service.ServiceAreas ?? []);
            rows["languages.csv"].AddRange(service.Languages ?? []);
            rows["attributes.csv"].AddRange(service.Attributes ?? []);
        }
        rows["taxonomies.csv"].AddRange(queries.PublishedTaxonomies().Select(mapper.Taxonomy));
        rows["taxonomy_terms.csv"].AddRange(queries.PublishedTerms().Select(t => mapper.Term(t)));

        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var resources = new JsonArray();
        foreach (var (file, schema) in Tables)
        {
            var columns = Columns(schema);
            var entry = zip.CreateEntry(file, CompressionLevel.Optimal);
            await using (var stream = entry.Open())
            using (var csv = CsvWriter.Create(stream, new CsvWriterOptions { WriteByteOrderMark = false }, leaveOpen: true))
            {
                csv.WriteRecord(columns.Select(c => c.Name).ToArray());
                foreach (var row in rows[file])
                {
                    var json = JsonSerializer.SerializeToElement(row, row.GetType(), HsdsJson.Options);
                    foreach (var column in columns)
                        csv.WriteField(json.TryGetProperty(column.Name, out var value) ? Cell(value) : "");
                    csv.EndRecord();
                }
            }
            resources.Add(new JsonObject
            {
                ["name"] = Path.GetFileNameWithoutExtension(file),
                ["path"] = file,
                ["profile"] = "tabular-data-resource",
                ["format"] = "csv",
                ["mediatype"] = "text/csv",
                ["encoding"] = "utf-8",
                ["schema"] = new JsonObject
                {
                    ["fields"] = new JsonArray(columns.Select(c => (JsonNode)FieldOf(c)).ToArray()),
                    ["primaryKey"] = "id",
                },
            });
        }
        var package = new JsonObject
        {
            ["profile"] = "tabular-data-package",
            ["name"] = "resourcemap-hsds",
            ["title"] = "ResourceMap 孤独・孤立対策 地域資源ディレクトリ (HSDS 3.0)",
            ["version"] = "3.0",
            ["created"] = HsdsMapper.Timestamp(DateTimeOffset.UtcNow),
            ["resources"] = resources,
        };
        var descriptor = zip.CreateEntry("datapackage.json", CompressionLevel.Optimal);
        await using var descriptorStream = descriptor.Open();
        await JsonSerializer.SerializeAsync(descriptorStream, package, Descriptor, ct);
    }

    /// <summary>A Table Schema field: HSDS's string formats that Table Schema knows are kept; date-times stay strings.</summary>
    private static JsonObject FieldOf((string Name, string Type, string? Format) column)
    {
        var field = new JsonObject { ["name"] = column.Name, ["type"] = column.Type };
        if (column.Format is "uuid" or "uri" or "email") field["format"] = column.Format;
        return field;
    }

    private static string Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.GetRawText(),
        _ => "",
    };
}
