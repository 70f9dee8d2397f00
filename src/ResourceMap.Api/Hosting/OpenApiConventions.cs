using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Taxonomy;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ResourceMap.Api.Hosting;

/// <summary>
/// What every operation of the OpenAPI document says the same way, written once here instead of per endpoint:
/// tag descriptions, the optional key on public reads, the problem answers, and the code vocabularies as enums.
/// </summary>
public static class OpenApiConventions
{
    public static void Configure(SwaggerGenOptions options)
    {
        options.DocumentFilter<TagDescriptions>();
        options.UseAllOfToExtendReferenceSchemas();
        options.DocumentFilter<NullableReferences>();
        options.OperationFilter<PublicReadSecurity>();
        options.OperationFilter<ProblemResponses>();
        options.OperationFilter<VocabularyEnums>();
        // Free JSON values (an audit entry's stored columns) are objects: a bare "nullable" has no type to qualify.
        options.MapType<System.Text.Json.JsonElement>(() => new OpenApiSchema { Type = JsonSchemaType.Object });
        options.MapType<System.Text.Json.JsonElement?>(() => new OpenApiSchema { Type = JsonSchemaType.Object | JsonSchemaType.Null });
        // A value copied from an answer or a record (a publish preview's old and new): any JSON value, not JsonNode's members.
        options.MapType<System.Text.Json.Nodes.JsonNode>(() => new OpenApiSchema { Description = "Any JSON value: string, number, boolean, array or object." });
    }

    private static readonly Dictionary<string, string> Tags = new()
    {
        ["Municipalities"] = "Japan's 1,902 coded municipalities (N03 boundaries), their codes with check digit and their neighbours.",
        ["Regions"] = "Prefectures, Hokkaido's bureaus (振興局) and wide-area zones such as 西胆振, plus custom regions.",
        ["Taxonomy"] = "The code vocabularies (category, target group, problem keyword, channel …) with Japanese and English labels.",
        ["Organizations"] = "Support organisations (法人番号, legal form, phones); sharing scopes and restricted fields apply.",
        ["Locations"] = "Sites: an address and a point in a municipality; services of several organisations may share one.",
        ["Services"] = "What organisations offer: category, target groups, hours, channels, service area; lists carry the change feed (modified_after).",
        ["Search"] = "Nearby, map view, region, polygon and coverage searches as JSON, GeoJSON or CSV, nearest first.",
        ["Tiles"] = "Mapbox vector tiles of services and municipalities.",
        ["Sharing"] = "Capacity shared across municipal borders with partner staff.",
        ["Geocoding"] = "The offline town gazetteer: Japanese addresses to points.",
        ["Surveys"] = "Municipal resource surveys: targets, answer imports (CSV, tab-separated text, XLSX, XLS), statistics and publishing into the directory.",
        ["Audit"] = "Who changed what and when (admins).",
        ["Keys"] = "Personal API keys (admins issue and revoke them).",
        ["Analytics"] = "Stale records, coverage gaps per municipality and category, populations.",
        ["HSDS"] = "The directory as Open Referral HSDS 3.0 (Japan profile at /hsds/profile) and its tabular data package.",
        ["Exports"] = "Office exports for municipal staff: full CSV, XLSX and the printable 相談窓口一覧.",
    };

    private sealed class TagDescriptions : IDocumentFilter
    {
        public void Apply(OpenApiDocument document, DocumentFilterContext context)
        {
            var used = document.Paths.Values.SelectMany(p => (IEnumerable<OpenApiOperation>?)p.Operations?.Values ?? [])
                .SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>()).Select(t => t.Name).OfType<string>().Distinct().Order(StringComparer.Ordinal);
            // Relative to wherever the document is served from (Hosting:PublicBaseUrl in production).
            document.Servers = [new OpenApiServer { Url = "/", Description = "This ResourceMap API" }];
            document.Tags = new HashSet<OpenApiTag>(used.Select(name => new OpenApiTag
            {
                Name = name,
                Description = Tags.GetValueOrDefault(name, name),
            }));
        }
    }

    /// <summary>
    /// OpenAPI 3.0 cannot mark a $ref nullable: nullable qualifies only a type beside it, and a schema it refers to
    /// stays non-null (3.0.3), so a nullable reference (a search result without a site, a row without values) would be
    /// documented as always present. UseAllOfToExtendReferenceSchemas wraps every reference in allOf; this turns a
    /// nullable wrapper into "the referenced schema, or null" (anyOf with a null-only branch) and restores plain
    /// references everywhere else. An untyped schema (any JSON value) admits null as it is.
    /// </summary>
    private sealed class NullableReferences : IDocumentFilter
    {
        public void Apply(OpenApiDocument document, DocumentFilterContext context)
        {
            var components = document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>();
            foreach (var name in components.Keys.ToList()) components[name] = Normalise(components[name], components);
            foreach (var operation in document.Paths.Values.SelectMany(p => (IEnumerable<OpenApiOperation>?)p.Operations?.Values ?? []))
            {
                var bodies = new List<OpenApiMediaType>();
                if (operation.RequestBody?.Content is { } request) bodies.AddRange(request.Values);
                foreach (var response in operation.Responses?.Values ?? Enumerable.Empty<IOpenApiResponse>())
                    if (response.Content is { } content) bodies.AddRange(content.Values);
                foreach (var mediaType in bodies)
                    if (mediaType.Schema is not null) mediaType.Schema = Normalise(mediaType.Schema, components);
            }
        }

        private static IOpenApiSchema Normalise(IOpenApiSchema schema, IDictionary<string, IOpenApiSchema> components)
        {
            if (schema is not OpenApiSchema concrete) return schema;
            if (concrete.AllOf is [OpenApiSchemaReference reference] && concrete.Properties is not { Count: > 0 })
            {
                if (concrete.Type is not { } type || !type.HasFlag(JsonSchemaType.Null)) return reference;
                var referenced = reference.Reference.Id is { } id && components.TryGetValue(id, out var target) ? target.Type : null;
                var onlyNull = new OpenApiSchema { Type = (referenced ?? JsonSchemaType.Object) | JsonSchemaType.Null, Enum = [null!] };
                return new OpenApiSchema { Description = concrete.Description, AnyOf = [reference, onlyNull] };
            }
            if (concrete.Type == JsonSchemaType.Null) concrete.Type = null;
            foreach (var name in concrete.Properties?.Keys.ToList() ?? []) concrete.Properties![name] = Normalise(concrete.Properties[name], components);
            if (concrete.Items is not null) concrete.Items = Normalise(concrete.Items, components);
            if (concrete.AdditionalProperties is not null) concrete.AdditionalProperties = Normalise(concrete.AdditionalProperties, components);
            return concrete;
        }
    }

    /// <summary>A public read: anonymous, or with a key (staff then see what is shared with them).</summary>
    private sealed class PublicReadSecurity : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any()) return;
            operation.Security =
            [
                new OpenApiSecurityRequirement(),
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyOptions.Scheme, context.Document)] = [] },
            ];
        }
    }

    /// <summary>Every error answer an operation can give, each with the RFC 9457 problem schema.</summary>
    private sealed class ProblemResponses : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var problem = context.SchemaGenerator.GenerateSchema(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), context.SchemaRepository);
            var validation = context.SchemaGenerator.GenerateSchema(typeof(HttpValidationProblemDetails), context.SchemaRepository);
            var description = context.ApiDescription;
            var path = description.RelativePath ?? "";
            var method = description.HttpMethod ?? "GET";
            operation.Responses ??= new OpenApiResponses();
            void Add(string status, string text, IOpenApiSchema schema)
            {
                if (!operation.Responses.TryGetValue(status, out var existing) || existing is not OpenApiResponse response)
                {
                    response = new OpenApiResponse { Description = text };
                    operation.Responses[status] = response;
                }
                response.Content ??= new Dictionary<string, OpenApiMediaType>();
                response.Content.Remove("application/json");
                response.Content.TryAdd("application/problem+json", new OpenApiMediaType { Schema = schema });
            }
            Add("400", "A parameter or the body is not valid (errors names each field and reason), or a query parameter is unknown.", validation);
            Add("401", "A key was sent that is not valid or has been revoked (send none to read as the public).", problem);
            if (path.Contains('{')) Add("404", "No such record, or one the caller may not read.", problem);
            if (method is "POST" or "PUT" or "PATCH")
            {
                Add("413", "The body is larger than the limit.", problem);
                Add("415", "The body's media type is not accepted.", problem);
            }
            if (method is "PUT" or "PATCH" or "DELETE" || path.EndsWith("/verify", StringComparison.Ordinal))
            {
                Add("409", "The record is archived (read-only) or conflicts with another.", problem);
                Add("412", "If-Match names an older version of the record.", problem);
            }
            if (method is "GET") Add("429", "Too many reads from this address; Retry-After says when to try again.", problem);
            Add("500", "An unexpected error (no details are disclosed).", problem);
        }
    }

    /// <summary>Query parameters that take a code of a vocabulary list its codes as an enum.</summary>
    private sealed class VocabularyEnums(TaxonomyCatalog catalog) : IOperationFilter
    {
        private static readonly Dictionary<string, string> ParameterVocabularies = new()
        {
            ["category"] = Vocabularies.ServiceCategory,
            ["target_group"] = Vocabularies.TargetGroup,
            ["keyword"] = Vocabularies.ProblemKeyword,
            ["channel"] = Vocabularies.Channel,
            ["legal_form"] = Vocabularies.LegalForm,
            ["kind"] = Vocabularies.RegionKind,
        };

        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
            {
                if (parameter.In != ParameterLocation.Query || parameter.Schema is not OpenApiSchema schema) continue;
                if (parameter.Name is { } name && ParameterVocabularies.TryGetValue(name, out var vocabulary) && catalog.Terms(vocabulary).Count > 0)
                    schema.Enum = catalog.Terms(vocabulary).Select(t => (System.Text.Json.Nodes.JsonNode)t.Code).ToList();
                else if (parameter.Name == "lang") schema.Enum = ["en", "ja"];
            }
        }
    }
}
