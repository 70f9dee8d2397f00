using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using ResourceMap.Api.Hosting;

namespace ResourceMap.IntegrationTests.Infrastructure;

/// <summary>
/// The real API pipeline against a real PostGIS: a throwaway database on the local cluster that scripts/test.sh
/// starts, migrated and seeded (reference data + sample directory) exactly as scripts/run.sh does, dropped at the end.
/// </summary>
public class ApiFixture : IAsyncLifetime
{
    /// <summary>Whether the fictional sample directory is loaded, as scripts/run.sh does.</summary>
    protected virtual bool SeedSampleDirectory => true;

    public const string AdminKey = "test-admin-key";
    public const string EditorKey = "test-editor-key";
    /// <summary>A configured editor key scoped to 白老町 (given as the 6-digit code 015784).</summary>
    public const string ShiraoiConfiguredEditorKey = "test-editor-shiraoi-key";

    public static readonly JsonSerializerOptions Json = CreateJsonOptions();

    private readonly string _adminConnection;
    private WebApplicationFactory<Program>? _factory;

    public ApiFixture()
    {
        _adminConnection = Environment.GetEnvironmentVariable("RESOURCEMAP_TEST_ADMIN_CONNECTION")
            ?? throw new InvalidOperationException(
                "RESOURCEMAP_TEST_ADMIN_CONNECTION is not set: run the suite through scripts/test.sh, which starts PostGIS.");
        DatabaseName = $"resourcemap_test_{DateTime.UtcNow:yyyyMMddHHmmss}_{Random.Shared.Next(1000, 9999)}";
    }

    public string DatabaseName { get; }

    public string ConnectionString => new NpgsqlConnectionStringBuilder(_adminConnection) { Database = DatabaseName }.ConnectionString;

    public WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("Fixture not initialised.");

    public virtual async Task InitializeAsync()
    {
        await using (var connection = new NpgsqlConnection(_adminConnection))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE \"{DatabaseName}\"", connection).ExecuteNonQueryAsync();
        }
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:ResourceMap", ConnectionString);
            builder.UseSetting("Database:MigrateOnStartup", "true");
            builder.UseSetting("Seed:ReferenceData", "true");
            builder.UseSetting("Seed:SampleDirectory", SeedSampleDirectory ? "true" : "false");
            var seedDirectory = Environment.GetEnvironmentVariable("RESOURCEMAP_SEED_DIR");
            if (seedDirectory is not null) builder.UseSetting("Seed:DataDirectory", seedDirectory);
            builder.UseSetting("Auth:ApiKeys:0:Name", "test-admin");
            builder.UseSetting("Auth:ApiKeys:0:Role", "admin");
            builder.UseSetting("Auth:ApiKeys:0:Sha256", ApiKeyAuthenticationHandler.Hash(AdminKey));
            builder.UseSetting("Auth:ApiKeys:1:Name", "test-editor");
            builder.UseSetting("Auth:ApiKeys:1:Role", "editor");
            builder.UseSetting("Auth:ApiKeys:1:Sha256", ApiKeyAuthenticationHandler.Hash(EditorKey));
            builder.UseSetting("Auth:ApiKeys:2:Name", "test-editor-shiraoi");
            builder.UseSetting("Auth:ApiKeys:2:Role", "editor");
            builder.UseSetting("Auth:ApiKeys:2:Sha256", ApiKeyAuthenticationHandler.Hash(ShiraoiConfiguredEditorKey));
            builder.UseSetting("Auth:ApiKeys:2:HomeMunicipalityCode", "015784");
            builder.UseSetting("Limits:MaxRequestBodyBytes", "262144");
            // Commits store new answers every 3 rows instead of every 8,192, so every import test crosses those steps.
            builder.UseSetting("Imports:NewAnswersEveryRows", "3");
            // The search tests read thousands of pages; RateLimitingTests switch the limiter on in a factory of their own.
            builder.UseSetting("RateLimiting:PermitPerMinute", "0");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.HttpLogging", "Warning");
        });
        _ = _factory.Server; // start the host now: migrations and seeding run once for the whole suite
    }

    /// <summary>
    /// A host of its own with the given settings over the suite's database, which is already migrated and seeded:
    /// for tests of a limit or a fault, whose settings must not reach the other tests.
    /// </summary>
    public WebApplicationFactory<Program> WithSettings(params (string Key, string Value)[] settings) => Factory.WithWebHostBuilder(builder =>
    {
        builder.UseSetting("Database:MigrateOnStartup", "false");
        builder.UseSetting("Seed:ReferenceData", "false");
        builder.UseSetting("Seed:SampleDirectory", "false");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    });

    public HttpClient Anonymous() => Factory.CreateClient();

    public HttpClient Editor() => WithKey(EditorKey);

    public HttpClient Admin() => WithKey(AdminKey);

    public HttpClient WithKey(string key)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public async Task<NpgsqlConnection> OpenDatabaseAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public virtual async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnection);
        await connection.OpenAsync();
        // Dropping waits for a checkpoint, which on a busy machine can take longer than Npgsql's default 30 s.
        await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", connection) { CommandTimeout = 300 }.ExecuteNonQueryAsync();
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApiJson.Configure(options);
        return options;
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}

public static class HttpAssertions
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, int expectedStatus)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus,
            $"Expected {expectedStatus} but got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 problem with the given status and type, and returns it.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, int status, string type)
    {
        var problem = await response.JsonAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(type, problem.GetProperty("type").GetString());
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>The reasons given for one field of a validation problem (fails if the field is not named).</summary>
    public static string FieldError(this JsonElement problem, string field)
    {
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var reasons), $"No error for '{field}' in {errors}");
        return string.Join(" ", reasons.EnumerateArray().Select(r => r.GetString()));
    }

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string url, object body,
        string? ifMatch = null, string? mediaType = null)
    {
        // PATCH is a JSON merge patch (RFC 7396) and must say so; other bodies are plain JSON.
        mediaType ??= method == HttpMethod.Patch ? "application/merge-patch+json" : "application/json";
        var request = new HttpRequestMessage(method, url)
        {
            Content = new StringContent(JsonSerializer.Serialize(body, ApiFixture.Json), System.Text.Encoding.UTF8, mediaType),
        };
        if (ifMatch is not null) request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        return client.SendAsync(request);
    }
}
