using System.Text.Json;
using Xunit.Abstractions;

namespace ResourceMap.IntegrationTests.OpenApi;

/// <summary>
/// Every JSON request body and every JSON success response of the committed document carries an example, and the
/// example is valid against the schema beside it (so a worked example can neither miss a field's type nor add one).
/// </summary>
public class OpenApiExampleTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_JSON_body_has_an_example_that_its_schema_accepts()
    {
        var schemas = OpenApiSchemas.LoadCommitted();
        var failures = new List<string>();
        int operations = 0, withExamples = 0, examples = 0;
        foreach (var (path, method, operation) in schemas.Operations())
        {
            operations++;
            var bodies = (operation["requestBody"]?["content"]?.AsObject() ?? []).Select(c => ("request", c.Key, c.Value!))
                .Concat((operation["responses"]?.AsObject() ?? []).Where(r => r.Key.StartsWith('2'))
                    .SelectMany(r => (r.Value!["content"]?.AsObject() ?? []).Select(c => (r.Key, c.Key, c.Value!))))
                .Where(b => OpenApiSchemas.IsJson(b.Item2));
            var found = 0;
            foreach (var (part, mediaType, body) in bodies)
            {
                var where = $"{method.ToUpperInvariant()} {path} {part} {mediaType}";
                if (body["example"] is not { } example)
                {
                    failures.Add($"{where}: no example");
                    continue;
                }
                found++;
                using var instance = JsonDocument.Parse(example.ToJsonString());
                failures.AddRange(schemas.Errors(body["schema"]!, instance.RootElement).Select(e => $"{where}: the example is not valid: {e}"));
            }
            examples += found;
            if (found > 0) withExamples++;
        }
        output.WriteLine($"{operations} operations, {withExamples} with examples, {examples} examples validated, {failures.Count} failures");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// Every operation shows a worked example somewhere (a body, or its parameters: an archive or a tile has no JSON
    /// body), and every parameter example is a value the parameter's schema accepts (enums included).
    /// </summary>
    [Fact]
    public void Every_operation_has_an_example_and_parameter_examples_fit_their_schemas()
    {
        var schemas = OpenApiSchemas.LoadCommitted();
        var failures = new List<string>();
        int operations = 0, parameters = 0;
        foreach (var (path, method, operation) in schemas.Operations())
        {
            operations++;
            var where = $"{method.ToUpperInvariant()} {path}";
            var bodyExamples = (operation["requestBody"]?["content"]?.AsObject() ?? []).Concat((operation["responses"]?.AsObject() ?? [])
                .SelectMany(r => r.Value!["content"]?.AsObject() ?? [])).Count(c => c.Value!["example"] is not null);
            var withExample = (operation["parameters"]?.AsArray() ?? []).Where(p => p!["example"] is not null).ToList();
            // A zip archive without parameters (the HSDS datapackage) has nothing an example could show.
            var archiveOnly = (operation["responses"]?.AsObject() ?? []).Where(r => r.Key.StartsWith('2'))
                .SelectMany(r => r.Value!["content"]?.AsObject() ?? []).All(c => c.Key == "application/zip");
            if (bodyExamples + withExample.Count == 0 && !archiveOnly) failures.Add($"{where}: no example at all");
            foreach (var parameter in withExample)
            {
                parameters++;
                using var instance = JsonDocument.Parse(parameter!["example"]!.ToJsonString());
                failures.AddRange(schemas.Errors(parameter["schema"]!, instance.RootElement)
                    .Select(e => $"{where} parameter {parameter["name"]}: the example is not valid: {e}"));
            }
        }
        output.WriteLine($"{operations} operations, {parameters} parameter examples validated, {failures.Count} failures");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
