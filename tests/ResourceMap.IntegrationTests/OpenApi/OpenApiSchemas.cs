using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace ResourceMap.IntegrationTests.OpenApi;

/// <summary>
/// The committed openapi/resourcemap.v1.json and its schemas as JSON Schema 2020-12 for JsonSchema.Net. The document is
/// OpenAPI 3.0 (Swashbuckle writes 3.0.4), whose schema dialect differs in two ways that matter here: <c>nullable: true</c>
/// stands for "or null", and <c>$ref</c>s point into <c>components/schemas</c>. Formats are validated (uuid, date,
/// date-time, and OpenAPI's own int32/int64/float/double), so a wrong id or timestamp fails as a wrong type would.
/// </summary>
public sealed class OpenApiSchemas
{
    private const string DefinitionsUri = "https://openapi.resourcemap.test/v1/components";
    private const string ComponentsPrefix = "#/components/schemas/";
    private static int _documents;

    private readonly BuildOptions _build;
    private readonly EvaluationOptions _evaluation;
    private readonly Dictionary<string, JsonSchema> _built = [];

    private OpenApiSchemas(JsonNode document)
    {
        Document = document;
        // Each instance registers its definitions under a URI of its own: two documents never share a registry entry.
        _definitionsUri = new Uri($"{DefinitionsUri}/{Interlocked.Increment(ref _documents)}");
        _build = new BuildOptions
        {
            Dialect = Dialect.Draft202012.With([], allowUnknownKeywords: true),
            SchemaRegistry = new SchemaRegistry(),
        };
        var formats = new FormatRegistry();
        formats.Register(new PredicateFormat("int32", e => e.ValueKind != JsonValueKind.Number || e.TryGetInt32(out _)));
        formats.Register(new PredicateFormat("int64", e => e.ValueKind != JsonValueKind.Number || e.TryGetInt64(out _)));
        formats.Register(new PredicateFormat("double", e => e.ValueKind != JsonValueKind.Number || e.TryGetDouble(out _)));
        formats.Register(new PredicateFormat("float", e => e.ValueKind != JsonValueKind.Number || e.TryGetDouble(out _)));
        _evaluation = new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical, RequireFormatValidation = true, FormatRegistry = formats };

        var definitions = new JsonObject { ["$defs"] = ToJsonSchemas(document["components"]?["schemas"] ?? new JsonObject()) };
        JsonSchema.FromText(definitions.ToJsonString(), _build, _definitionsUri);
    }

    private readonly Uri _definitionsUri;

    public JsonNode Document { get; }

    public static OpenApiSchemas LoadCommitted() =>
        new(JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "openapi", "resourcemap.v1.json")))!);

    /// <summary>Every operation of the document: path, lower-case method and the operation object.</summary>
    public IEnumerable<(string Path, string Method, JsonObject Operation)> Operations() =>
        from path in Document["paths"]!.AsObject()
        from method in path.Value!.AsObject()
        select (path.Key, method.Key, method.Value!.AsObject());

    /// <summary>Whether a media type carries JSON (application/json, application/problem+json, application/geo+json …).</summary>
    public static bool IsJson(string mediaType) =>
        mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal);

    /// <summary>The reasons <paramref name="instance"/> does not match <paramref name="openApiSchema"/>; empty when it does.</summary>
    public IReadOnlyList<string> Errors(JsonNode openApiSchema, JsonElement instance)
    {
        var key = openApiSchema.ToJsonString();
        if (!_built.TryGetValue(key, out var schema))
        {
            var id = new Uri($"{_definitionsUri}/schema-{_built.Count}");
            _built[key] = schema = JsonSchema.FromText(ToJsonSchema(openApiSchema).ToJsonString(), _build, id);
        }
        return Failures(schema.Evaluate(instance, _evaluation)).Take(12).ToList();
    }

    /// <summary>The errors of the failing branches only: a passing anyOf keeps its other branch's errors, which are no fault.</summary>
    private static IEnumerable<string> Failures(EvaluationResults result)
    {
        if (result.IsValid) yield break;
        foreach (var (_, error) in result.Errors ?? new Dictionary<string, string>())
            yield return $"{result.InstanceLocation} ({result.EvaluationPath}): {error}";
        foreach (var failure in (result.Details ?? []).SelectMany(Failures)) yield return failure;
    }

    /// <summary>An OpenAPI 3.0 schema rewritten as JSON Schema 2020-12 (a copy; the document stays as it is).</summary>
    private JsonObject ToJsonSchema(JsonNode schema)
    {
        var copy = new JsonObject();
        foreach (var (keyword, value) in schema.AsObject())
        {
            copy[keyword] = keyword switch
            {
                "nullable" => null,
                "$ref" when value!.GetValue<string>().StartsWith(ComponentsPrefix, StringComparison.Ordinal) =>
                    $"{_definitionsUri}#/$defs/{value.GetValue<string>()[ComponentsPrefix.Length..]}",
                "items" or "additionalProperties" or "not" when value is JsonObject => ToJsonSchema(value),
                "allOf" or "anyOf" or "oneOf" => new JsonArray(value!.AsArray().Select(s => (JsonNode)ToJsonSchema(s!)).ToArray()),
                "properties" => ToJsonSchemas(value!),
                _ => value?.DeepClone(),
            };
        }
        copy.Remove("nullable");
        if (schema["nullable"]?.GetValue<bool>() != true) return copy;
        // As OpenAPI 3.0.3 says: nullable adds null to the type beside it and to nothing else (not to an enum, not to a
        // schema reached through $ref or allOf).
        if (copy["type"] is JsonValue type) copy["type"] = new JsonArray(type.GetValue<string>(), "null");
        return copy;
    }

    private JsonObject ToJsonSchemas(JsonNode schemas) =>
        new(schemas.AsObject().Select(p => KeyValuePair.Create(p.Key, (JsonNode?)ToJsonSchema(p.Value!))));

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ResourceMap.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("ResourceMap.sln not found above the test binaries.");
    }
}
