using System.Text.Json;
using System.Text.Json.Nodes;
using ResourceMap.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace ResourceMap.IntegrationTests.OpenApi;

/// <summary>
/// A database of its own: the calls create, publish into and archive directory records, which would change what
/// the tests of the shared fixture count.
/// </summary>
public sealed class LiveResponseFixture : ApiFixture;

[CollectionDefinition(Name)]
public sealed class LiveResponseCollection : ICollectionFixture<LiveResponseFixture>
{
    public const string Name = "openapi-live";
}

/// <summary>
/// Every operation of the committed openapi/resourcemap.v1.json, called for real: the status must be one the
/// document lists for it, the media type one it lists for that status, and a JSON body must validate against the
/// schema it gives. Other bodies (CSV, XLSX, HTML, MVT, zip, Markdown) are checked for their media type only.
/// </summary>
[Collection(LiveResponseCollection.Name)]
public class LiveResponseTests(LiveResponseFixture api, ITestOutputHelper output)
{
    [Fact]
    public void Every_operation_of_the_document_has_a_request_recipe()
    {
        var documented = OpenApiSchemas.LoadCommitted().Operations().Select(o => o.Operation["operationId"]!.GetValue<string>()).ToHashSet();
        var recipes = LiveRequestRecipes.All.Select(c => c.OperationId).ToHashSet();
        Assert.True(documented.Except(recipes).Order(StringComparer.Ordinal).ToList() is [],
            $"Operations without a request in LiveRequestRecipes: {string.Join(", ", documented.Except(recipes).Order(StringComparer.Ordinal))}");
        Assert.True(recipes.Except(documented).Order(StringComparer.Ordinal).ToList() is [],
            $"Requests for operations the document does not have: {string.Join(", ", recipes.Except(documented).Order(StringComparer.Ordinal))}");
    }

    [Fact]
    public async Task Every_operation_answers_as_the_committed_document_says()
    {
        var schemas = OpenApiSchemas.LoadCommitted();
        var operations = schemas.Operations().ToDictionary(o => o.Operation["operationId"]!.GetValue<string>());
        var clients = new Dictionary<Caller, HttpClient> { [Caller.Public] = api.Anonymous(), [Caller.Editor] = api.Editor(), [Caller.Admin] = api.Admin() };
        var state = new LiveState();
        var failures = new List<string>();
        var validated = new HashSet<string>();

        foreach (var call in LiveRequestRecipes.All)
        {
            if (!operations.TryGetValue(call.OperationId, out var documented)) continue; // the recipe test names it
            var what = call.OperationId;
            try
            {
                using var request = call.Request(state);
                what = call.Describe(request);
                using var response = await clients[call.Caller].SendAsync(request);
                var bytes = await response.Content.ReadAsByteArrayAsync();
                var problems = Check(schemas, documented.Operation, response, bytes);
                if (problems.Count > 0)
                {
                    failures.Add($"{what}: {string.Join("; ", problems)}");
                    continue;
                }
                validated.Add(call.OperationId);
                var json = OpenApiSchemas.IsJson(response.Content.Headers.ContentType?.MediaType ?? "") && bytes.Length > 0 ? JsonNode.Parse(bytes) : null;
                call.Remember?.Invoke(state, response, json);
            }
            catch (Exception e) when (e is InvalidOperationException or JsonException or KeyNotFoundException or NullReferenceException)
            {
                failures.Add($"{what}: {e.GetType().Name}: {e.Message}");
            }
        }

        output.WriteLine($"{operations.Count} operations in the document, {LiveRequestRecipes.All.Count} requests, " +
                         $"{validated.Count} operations answered as documented, {failures.Count} failures");
        Assert.True(failures.Count == 0, $"{failures.Count} responses differ from the document:\n{string.Join("\n", failures)}");
        Assert.Equal(operations.Count, validated.Count);
    }

    /// <summary>What is wrong with one response against its operation's documented responses; empty when nothing is.</summary>
    private static List<string> Check(OpenApiSchemas schemas, JsonObject operation, HttpResponseMessage response, byte[] body)
    {
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var text = System.Text.Encoding.UTF8.GetString(body);
        // Every request here is one that should succeed: an error status means the recipe (or the API) is wrong.
        if ((int)response.StatusCode >= 400) return [$"status {status}: {text[..Math.Min(600, text.Length)]}"];
        if (operation["responses"]?[status] is not JsonObject documented) return [$"status {status} is not documented"];

        var content = documented["content"]?.AsObject();
        if (body.Length == 0)
            return content is { Count: > 0 } ? [$"status {status} came without a body, but the document gives one"] : [];
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        if (content is null || !content.TryGetPropertyValue(mediaType, out var media))
            return [$"{status} {mediaType} is not a documented media type (documented: {string.Join(", ", content?.Select(c => c.Key) ?? [])})"];
        if (!OpenApiSchemas.IsJson(mediaType)) return [];
        if (media?["schema"] is not JsonNode schema) return [$"{status} {mediaType} has no schema"];
        using var parsed = JsonDocument.Parse(body);
        return schemas.Errors(schema, parsed.RootElement).Select(e => $"{status} {mediaType} {e}").ToList();
    }
}
