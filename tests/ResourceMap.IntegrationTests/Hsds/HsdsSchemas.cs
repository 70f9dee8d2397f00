using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using ResourceMap.Api.Hsds;

namespace ResourceMap.IntegrationTests.Hsds;

/// <summary>
/// The official HSDS 3.0 JSON schemas the API ships (src/ResourceMap.Api/Hsds/Schemas), evaluated with JsonSchema.Net
/// with format validation on (uuid, uri, email, date-time), so a malformed id or link fails as a wrong type would.
/// </summary>
public static class HsdsSchemas
{
    private static readonly Uri Base = new("https://schemas.resourcemap.test/hsds/3.0/");
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
    private static readonly Lazy<Dictionary<string, JsonSchema>> All = new(Load);

    public static readonly string[] Components =
    [
        "metadata.json", "attribute.json", "taxonomy.json", "taxonomy_term.json", "language.json", "phone.json", "contact.json",
        "accessibility.json", "address.json", "schedule.json", "funding.json", "cost_option.json", "program.json", "required_document.json",
        "service_area.json", "organization_identifier.json", "location.json", "service_at_location.json", "organization.json", "service.json",
        "meta_table_description.json", "service_list.json", "organization_list.json", "service_at_location_list.json",
    ];

    private static Dictionary<string, JsonSchema> Load()
    {
        // HSDS schemas carry data-package keywords (name, path, core, constraints …): annotations, not assertions.
        var options = new BuildOptions { Dialect = Dialect.Draft202012.With([], allowUnknownKeywords: true) };
        var built = new Dictionary<string, JsonSchema>();
        // Relative $refs (attribute.json …) resolve against one base URI; schemas are built after those they use.
        foreach (var name in Components)
            built[name] = JsonSchema.FromText(HsdsTabularExport.Schema(name).ToJsonString(), options, new Uri(Base, name));
        var openapi = HsdsTabularExport.Schema("openapi.json");
        built["Page"] = JsonSchema.FromText(openapi["components"]!["schemas"]!["Page"]!.ToJsonString(), options, new Uri(Base, "page.json"));
        var root = openapi["paths"]!["/"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;
        built["root"] = JsonSchema.FromText(root.ToJsonString(), options, new Uri(Base, "root.json"));
        return built;
    }

    /// <summary>Asserts that <paramref name="instance"/> is valid against the named schema, listing every error otherwise.</summary>
    public static void AssertValid(string schema, JsonElement instance, string what)
    {
        var result = All.Value[schema].Evaluate(instance, Evaluation);
        if (result.IsValid) return;
        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key} {e.Value}")).Take(20);
        Assert.Fail($"{what} is not a valid HSDS {schema}:\n{string.Join("\n", errors)}\n{instance.GetRawText()[..Math.Min(2000, instance.GetRawText().Length)]}");
    }

    /// <summary>A Page envelope: the Page schema, its arithmetic, and each item against <paramref name="itemSchema"/>.</summary>
    public static List<JsonElement> AssertPage(JsonElement page, string itemSchema, string what)
    {
        AssertValid("Page", page, what);
        foreach (var property in new[] { "total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents" })
            Assert.True(page.TryGetProperty(property, out _), $"{what}: the Page envelope lacks {property}");
        var contents = page.GetProperty("contents").EnumerateArray().ToList();
        Assert.Equal(contents.Count, page.GetProperty("size").GetInt32());
        Assert.Equal(contents.Count == 0, page.GetProperty("empty").GetBoolean());
        Assert.Equal(page.GetProperty("page_number").GetInt32() == 1, page.GetProperty("first_page").GetBoolean());
        foreach (var (item, i) in contents.Select((c, i) => (c, i))) AssertValid(itemSchema, item, $"{what} contents[{i}]");
        return contents;
    }

    public static JsonNode? Node(JsonElement element) => JsonNode.Parse(element.GetRawText());
}
