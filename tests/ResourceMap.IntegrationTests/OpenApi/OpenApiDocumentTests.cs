using System.Text.Json.Nodes;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.OpenApi;

[Collection(ApiCollection.Name)]
public class OpenApiDocumentTests(ApiFixture api)
{
    /// <summary>
    /// The committed openapi/resourcemap.v1.json must match what the API generates. After an intended change,
    /// regenerate it with UPDATE_OPENAPI=1 scripts/test.sh and commit the diff.
    /// </summary>
    [Fact]
    public async Task The_committed_OpenAPI_document_matches_the_generated_one()
    {
        var generated = JsonNode.Parse(await (await api.Anonymous().GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync())!;
        var path = Path.Combine(RepositoryRoot(), "openapi", "resourcemap.v1.json");
        var pretty = generated.ToJsonString(new System.Text.Json.JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }) + "\n";
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1") await File.WriteAllTextAsync(path, pretty);

        Assert.True(File.Exists(path), $"{path} is missing; run UPDATE_OPENAPI=1 scripts/test.sh");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        Assert.True(JsonNode.DeepEquals(committed, generated),
            "openapi/resourcemap.v1.json differs from the generated document; run UPDATE_OPENAPI=1 scripts/test.sh and commit it.");
    }

    [Fact]
    public async Task Every_operation_has_a_summary_and_writes_declare_the_api_key()
    {
        var document = JsonNode.Parse(await (await api.Anonymous().GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync())!;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                Assert.False(string.IsNullOrWhiteSpace(operation!["summary"]?.GetValue<string>()), $"{method} {path} has no summary");
                // POST /api/search/region carries a polygon to search with: a read, open to everyone.
                if (method is "post" or "put" or "patch" or "delete" && !path.StartsWith("/api/search/", StringComparison.Ordinal))
                    Assert.NotNull(operation["security"]);
            }
        }
    }

    [Fact]
    public async Task Tags_public_reads_error_answers_and_vocabularies_are_described_exactly()
    {
        var document = JsonNode.Parse(await (await api.Anonymous().GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync())!;
        var tags = document["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToHashSet();
        Assert.All(document["tags"]!.AsArray(), t => Assert.False(string.IsNullOrWhiteSpace(t!["description"]?.GetValue<string>())));
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var where = $"{method} {path}";
                Assert.All(operation!["tags"]!.AsArray(), t => Assert.Contains(t!.GetValue<string>(), tags));
                var security = operation["security"]?.AsArray();
                Assert.NotNull(security);
                var responses = operation["responses"]!.AsObject();
                foreach (var status in new[] { "400", "401", "500" })
                {
                    Assert.True(responses.ContainsKey(status), $"{where} does not document {status}");
                    Assert.NotNull(responses[status]!["content"]?["application/problem+json"]?["schema"]);
                }
                if (method == "get") Assert.True(responses.ContainsKey("429"), $"{where} does not document 429");
                if (path.Contains('{')) Assert.True(responses.ContainsKey("404"), $"{where} does not document 404");
                foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
                    if (parameter!["name"]!.GetValue<string>() is "category" or "target_group" or "keyword" or "channel" or "legal_form")
                        Assert.True(parameter["schema"]?["enum"]?.AsArray().Count > 0, $"{where}: {parameter["name"]} has no enum");
            }
        }
        var list = document["paths"]!["/api/services"]!["get"]!;
        var open = list["security"]!.AsArray();
        Assert.Contains(open, r => r!.AsObject().Count == 0);
        Assert.Contains(open, r => r!.AsObject().ContainsKey("ApiKey"));
        var category = list["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "category")!;
        Assert.Contains("ibasho", category["schema"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public async Task Every_operation_has_its_own_operationId()
    {
        var document = JsonNode.Parse(await (await api.Anonymous().GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync())!;
        var seen = new HashSet<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var id = operation!["operationId"]?.GetValue<string>();
                Assert.False(string.IsNullOrWhiteSpace(id), $"{method} {path} has no operationId");
                Assert.True(seen.Add(id!), $"{method} {path} repeats the operationId {id}");
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ResourceMap.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("ResourceMap.sln not found above the test binaries.");
    }
}
