using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ResourceMap.IntegrationTests.Infrastructure;
using ResourceMap.IntegrationTests.Surveys;

namespace ResourceMap.IntegrationTests.OpenApi;

public enum Caller { Public, Editor, Admin }

/// <summary>
/// One request that exercises an operation on its success path. <see cref="Remember"/> keeps what later requests need
/// (a created id, an ETag) from the answer.
/// </summary>
public sealed record LiveCall(string OperationId, Caller Caller, Func<LiveState, HttpRequestMessage> Request,
    Action<LiveState, HttpResponseMessage, JsonNode?>? Remember = null)
{
    /// <summary>Names the call in failures: its operation and what it sent.</summary>
    public string Describe(HttpRequestMessage request) =>
        $"{OperationId} ({request.Method} {request.RequestUri}{(request.Headers.Accept.Count > 0 ? $", Accept {request.Headers.Accept}" : "")})";
}

/// <summary>Ids and ETags the calls pass on to each other.</summary>
public sealed class LiveState
{
    private readonly Dictionary<string, string> _values = [];

    public string this[string name]
    {
        get => _values.TryGetValue(name, out var value) ? value
            : throw new InvalidOperationException($"No {name}: the call that should have remembered it failed.");
        set => _values[name] = value;
    }
}

/// <summary>
/// A request for every operation of the API, in an order where each finds what it needs: the reference data and
/// the sample directory are seeded, the directory records and the survey are made by the calls before.
/// </summary>
public static class LiveRequestRecipes
{
    private const string Noboribetsu = "01230";
    private const string SurveyArea = "noboribetsu-survey-2024";
    /// <summary>The z12 tile over Noboribetsu's centre (42.41 N, 141.10 E).</summary>
    private const string NoboribetsuTile = "12/3653/1514";

    public static IReadOnlyList<LiveCall> All { get; } = Build();

    private static List<LiveCall> Build() =>
    [
        // Reference data.
        new("ListMunicipalities", Caller.Public, _ => Get($"/api/municipalities?prefecture={Escape("北海道")}")),
        new("GetMunicipality", Caller.Public, _ => Get($"/api/municipalities/{Noboribetsu}")),
        new("GetMunicipality", Caller.Public, _ => Get($"/api/municipalities/{Noboribetsu}?include=boundary", "application/geo+json")),
        new("ListMunicipalityNeighbours", Caller.Public, _ => Get($"/api/municipalities/{Noboribetsu}/neighbours")),
        new("ListRegions", Caller.Public, _ => Get("/api/regions?kind=bureau")),
        new("GetRegion", Caller.Public, _ => Get("/api/regions/nishi-iburi?include=boundary")),
        new("CreateRegion", Caller.Admin, _ => Json(HttpMethod.Post, "/api/regions", new
        {
            id = $"shiraoi-noboribetsu-{Guid.NewGuid():N}"[..30],
            name_ja = "白老・登別",
            name_en = "Shiraoi and Noboribetsu",
            description = "相互利用の協定区域",
            member_codes = new[] { "01578", Noboribetsu },
        })),
        new("ListVocabularies", Caller.Public, _ => Get("/api/taxonomy")),
        new("GetVocabulary", Caller.Public, _ => Get("/api/taxonomy/service_category")),
        new("Geocode", Caller.Public, _ => Get($"/api/geocode?address={Escape("北海道登別市幌別町1丁目")}")),

        // The directory: an organisation, its site and its service, each created, read, replaced, patched and verified.
        new("CreateOrganization", Caller.Editor, s => Json(HttpMethod.Post, "/api/organizations", TestData.Organization("NPO法人 のぼりべつ居場所ネット", s.CorporateNumber())),
            (s, r, body) => s.Keep("organization", r, body)),
        new("ListOrganizations", Caller.Public, _ => Get($"/api/organizations?municipality={Noboribetsu}&page_size=5")),
        new("GetOrganization", Caller.Public, s => Get($"/api/organizations/{s["organization"]}")),
        new("ReplaceOrganization", Caller.Editor, s => Json(HttpMethod.Put, $"/api/organizations/{s["organization"]}",
            TestData.Organization("NPO法人 のぼりべつ居場所ネット", s["corporate_number"]), s["organization.etag"]), (s, r, body) => s.Keep("organization", r, body)),
        new("PatchOrganization", Caller.Editor, s => Json(HttpMethod.Patch, $"/api/organizations/{s["organization"]}",
            new { website = "https://example.org/ibasho-net" }, s["organization.etag"]), (s, r, body) => s.Keep("organization", r, body)),
        new("VerifyOrganization", Caller.Editor, s => Post($"/api/organizations/{s["organization"]}/verify")),

        new("CreateLocation", Caller.Editor, _ => Json(HttpMethod.Post, "/api/locations", TestData.Location()), (s, r, body) => s.Keep("location", r, body)),
        new("ListLocations", Caller.Public, _ => Get($"/api/locations?municipality={Noboribetsu}&page_size=5")),
        new("GetLocation", Caller.Public, s => Get($"/api/locations/{s["location"]}")),
        new("ReplaceLocation", Caller.Editor, s => Json(HttpMethod.Put, $"/api/locations/{s["location"]}", TestData.Location(), s["location.etag"]),
            (s, r, body) => s.Keep("location", r, body)),
        new("PatchLocation", Caller.Editor, s => Json(HttpMethod.Patch, $"/api/locations/{s["location"]}", new { name = "ふくしプラザのぼりべつ" }, s["location.etag"]),
            (s, r, body) => s.Keep("location", r, body)),
        new("VerifyLocation", Caller.Editor, s => Post($"/api/locations/{s["location"]}/verify")),

        new("CreateService", Caller.Editor, s => Json(HttpMethod.Post, "/api/services", TestData.Service(Guid.Parse(s["organization"]), [Guid.Parse(s["location"])])),
            (s, r, body) => s.Keep("service", r, body)),
        new("ListServices", Caller.Public, _ => Get($"/api/services?municipality={Noboribetsu}&category=ibasho&page_size=5")),
        new("GetService", Caller.Public, s => Get($"/api/services/{s["service"]}")),
        new("ReplaceService", Caller.Editor, s => Json(HttpMethod.Put, $"/api/services/{s["service"]}",
            TestData.Service(Guid.Parse(s["organization"]), [Guid.Parse(s["location"])]), s["service.etag"]), (s, r, body) => s.Keep("service", r, body)),
        new("PatchService", Caller.Editor, s => Json(HttpMethod.Patch, $"/api/services/{s["service"]}", new { fee = "無料（材料費300円）" }, s["service.etag"]),
            (s, r, body) => s.Keep("service", r, body)),
        new("VerifyService", Caller.Editor, s => Post($"/api/services/{s["service"]}/verify")),

        // Searches in every representation they document.
        .. Representations("SearchNearby", "/api/search/nearby?lat=42.413&lng=141.106&radius_m=5000&limit=5"),
        .. Representations("SearchMapView", "/api/search/map?bbox=141.0,42.35,141.2,42.5&limit=5"),
        .. Representations("SearchRegion", "/api/search/region?region=nishi-iburi&category=ibasho&limit=5"),
        .. Representations("SearchCoverage", $"/api/search/coverage?municipality={Noboribetsu}&limit=5"),
        .. Representations("SearchCoverage", "/api/search/coverage?lat=42.413&lng=141.106&limit=5"),
        new("SearchPolygon", Caller.Public, _ => Json(HttpMethod.Post, "/api/search/region?limit=5", NoboribetsuPolygon)),
        new("SearchPolygon", Caller.Public, _ => Json(HttpMethod.Post, "/api/search/region?format=geojson&limit=5", NoboribetsuPolygon, mediaType: "application/geo+json")),

        // Map tiles and their TileJSON.
        new("GetServiceTile", Caller.Public, _ => Get($"/tiles/services/{NoboribetsuTile}.mvt")),
        new("GetMunicipalityTile", Caller.Public, _ => Get($"/tiles/municipalities/{NoboribetsuTile}.mvt")),
        new("GetServiceTileJson", Caller.Public, _ => Get("/tiles/services.json?category=ibasho")),
        new("GetMunicipalityTileJson", Caller.Public, _ => Get("/tiles/municipalities.json")),

        // Sharing and analytics.
        new("GetSharedCapacity", Caller.Editor, _ => Get("/api/sharing/capacity?for=01578&region=nishi-iburi&limit=5")),
        new("ListStaleRecords", Caller.Editor, _ => Get($"/api/analytics/stale?municipality={Noboribetsu}&limit=5")),
        new("GetCoverageGaps", Caller.Public, _ => Get("/api/analytics/coverage?region=nishi-iburi")),
        new("GetCoverageGaps", Caller.Public, _ => Get("/api/analytics/coverage?region=nishi-iburi&format=csv")),
        new("ImportPopulations", Caller.Admin, _ => Upload(HttpMethod.Put, "/api/analytics/populations",
            Encoding.UTF8.GetBytes("municipality_code,population,as_of,source\r\n01230,45000,2024-01-01,架空の人口（試験用）\r\n"), "populations.csv", "text/csv")),
        new("ListPopulations", Caller.Public, _ => Get("/api/analytics/populations?region=nishi-iburi")),

        // Office exports.
        new("ExportServicesCsv", Caller.Public, _ => Get($"/api/exports/services.csv?municipality={Noboribetsu}&lang=ja")),
        new("ExportServicesXlsx", Caller.Public, _ => Get($"/api/exports/services.xlsx?municipality={Noboribetsu}")),
        new("ExportConsultationList", Caller.Public, _ => Get($"/api/exports/consultation-list.html?municipality={Noboribetsu}")),

        // HSDS 3.0: each list remembers its first record for the read by id.
        new("HsdsRoot", Caller.Public, _ => Get("/hsds")),
        new("HsdsProfile", Caller.Public, _ => Get("/hsds/profile")),
        new("HsdsListServices", Caller.Public, _ => Get("/hsds/services?per_page=3"), (s, _, body) => s.KeepFirst("hsds.service", body)),
        new("HsdsGetService", Caller.Public, s => Get($"/hsds/services/{s["hsds.service"]}")),
        new("HsdsListOrganizations", Caller.Public, _ => Get("/hsds/organizations?per_page=3"), (s, _, body) => s.KeepFirst("hsds.organization", body)),
        new("HsdsGetOrganization", Caller.Public, s => Get($"/hsds/organizations/{s["hsds.organization"]}")),
        new("HsdsListServiceAtLocations", Caller.Public, _ => Get("/hsds/service_at_locations?per_page=3"), (s, _, body) => s.KeepFirst("hsds.service_at_location", body)),
        new("HsdsGetServiceAtLocation", Caller.Public, s => Get($"/hsds/service_at_locations/{s["hsds.service_at_location"]}")),
        new("HsdsListTaxonomies", Caller.Public, _ => Get("/hsds/taxonomies"), (s, _, body) => s.KeepFirst("hsds.taxonomy", body)),
        new("HsdsGetTaxonomy", Caller.Public, s => Get($"/hsds/taxonomies/{s["hsds.taxonomy"]}")),
        new("HsdsListTaxonomyTerms", Caller.Public, _ => Get("/hsds/taxonomy_terms?per_page=3"), (s, _, body) => s.KeepFirst("hsds.taxonomy_term", body)),
        new("HsdsGetTaxonomyTerm", Caller.Public, s => Get($"/hsds/taxonomy_terms/{s["hsds.taxonomy_term"]}")),
        new("HsdsDataPackage", Caller.Public, _ => Get("/hsds/datapackage.zip")),

        // API keys.
        new("IssueApiKey", Caller.Admin, _ => Json(HttpMethod.Post, "/api/keys", new { name = "登別市 福祉課 山田", role = "editor", home_municipality_code = Noboribetsu }),
            (s, _, body) => s["key"] = body!["id"]!.GetValue<string>()),
        new("ListApiKeys", Caller.Admin, _ => Get("/api/keys")),
        new("RevokeApiKey", Caller.Admin, s => new HttpRequestMessage(HttpMethod.Delete, $"/api/keys/{s["key"]}")),

        // Mapping profiles: a copy of a shared answers profile under an id of its own.
        new("ListMappingProfiles", Caller.Public, _ => Get("/api/mapping-profiles"),
            (s, _, body) => s["mapping_profile"] = body!.AsArray().First(p => p!["kind"]!.GetValue<string>() == "answers")!["id"]!.GetValue<string>()),
        new("GetMappingProfile", Caller.Public, s => Get($"/api/mapping-profiles/{s["mapping_profile"]}"),
            (s, _, body) => s["mapping_profile.body"] = MappingProfileRequest(body!)),
        new("PutMappingProfile", Caller.Admin, s => Json(HttpMethod.Put, $"/api/mapping-profiles/{s["mapping_profile"]}-copy",
            JsonNode.Parse(s["mapping_profile.body"])!)),

        // A survey from draft to published: targets, an answer file with a row only a staff resolution matches.
        new("CreateSurvey", Caller.Editor, _ => Json(HttpMethod.Post, "/api/surveys", new Dictionary<string, object?>
        {
            ["title"] = "登別市 社会資源調査 2024",
            ["issuing_municipality_code"] = Noboribetsu,
            ["region_id"] = SurveyArea,
            ["municipality_codes"] = null,
            ["period_start"] = "2024-02-05",
            ["period_end"] = "2024-02-25",
            ["mapping_profile_id"] = null,
        }), (s, _, body) => s["survey"] = body!["id"]!.GetValue<string>()),
        new("ListSurveys", Caller.Public, _ => Get("/api/surveys")),
        new("GetSurvey", Caller.Public, s => Get($"/api/surveys/{s["survey"]}")),
        new("ChangeSurveyStatus", Caller.Editor, s => Json(HttpMethod.Post, $"/api/surveys/{s["survey"]}/status", new { status = "fielding" })),
        new("ImportSurveyTargets", Caller.Editor, s => Upload(HttpMethod.Post, $"/api/surveys/{s["survey"]}/targets/import",
            SurveySamples.Read(SurveySamples.TargetsFile), SurveySamples.TargetsFile, "text/csv")),
        new("AddSurveyDirectoryTargets", Caller.Editor, s => Json(HttpMethod.Post, $"/api/surveys/{s["survey"]}/targets", new { legal_forms = new[] { "npo", "certified_npo" } })),
        new("ListSurveyTargets", Caller.Editor, s => Get($"/api/surveys/{s["survey"]}/targets"), (s, _, body) =>
        {
            var targets = body!.AsArray();
            s["target.renamed"] = targets.First(t => t!["name"]!.GetValue<string>() == RenamedTarget)!["id"]!.GetValue<string>();
            s["target.other"] = targets.First(t => t!["name"]!.GetValue<string>() != RenamedTarget && t["status"]!.GetValue<string>() == "pending")!["id"]!.GetValue<string>();
        }),
        new("ChangeSurveyTargetStatus", Caller.Editor, s => Json(HttpMethod.Post, $"/api/surveys/{s["survey"]}/targets/{s["target.other"]}/status", new { status = "sent" })),
        new("ImportSurveyAnswers", Caller.Editor, s => Upload(HttpMethod.Post, $"/api/surveys/{s["survey"]}/answers/import?mode=dry_run", RenamedAnswers.Value, "answers.csv", "text/csv"),
            (s, _, body) =>
            {
                s["report"] = body!["report_id"]!.GetValue<string>();
                s["match_key"] = body["items"]!.AsArray().First(i => i!["match"]!["status"]!.GetValue<string>() == "rejected")!["match"]!["match_key"]!.GetValue<string>();
            }),
        new("GetSurveyImportReport", Caller.Editor, s => Get($"/api/surveys/{s["survey"]}/import-reports/{s["report"]}?limit=5")),
        new("ResolveSurveyMatch", Caller.Editor, s => Json(HttpMethod.Post, $"/api/surveys/{s["survey"]}/match-resolutions",
            new { match_key = s["match_key"], target_id = s["target.renamed"] })),
        new("ImportSurveyAnswers", Caller.Editor, s => Upload(HttpMethod.Post, $"/api/surveys/{s["survey"]}/answers/import?mode=dry_run&format=csv", RenamedAnswers.Value, "answers.csv", "text/csv")),
        new("ImportSurveyAnswers", Caller.Editor, s => Upload(HttpMethod.Post, $"/api/surveys/{s["survey"]}/answers/import?mode=commit", RenamedAnswers.Value, "answers.csv", "text/csv"),
            (s, _, body) => s["import"] = body!["import_id"]!.GetValue<string>()),
        new("ListSurveyImports", Caller.Editor, s => Get($"/api/surveys/{s["survey"]}/imports")),
        new("ListSurveyImportRows", Caller.Editor, s => Get($"/api/surveys/{s["survey"]}/imports/{s["import"]}/rows")),
        new("GetSurveyStatistics", Caller.Public, s => Get($"/api/surveys/{s["survey"]}/statistics")),
        new("GetSurveyStatistics", Caller.Editor, s => Get($"/api/surveys/{s["survey"]}/statistics")),
        new("GetSurveyStatistics", Caller.Public, s => Get($"/api/surveys/{s["survey"]}/statistics?format=csv")),
        new("ChangeSurveyStatus", Caller.Editor, s => Json(HttpMethod.Post, $"/api/surveys/{s["survey"]}/status", new { status = "closed" })),
        new("PreviewSurveyPublish", Caller.Editor, s => Get($"/api/surveys/{s["survey"]}/publish/preview")),
        new("PublishSurvey", Caller.Editor, s => Json(HttpMethod.Post, $"/api/surveys/{s["survey"]}/publish", new { decisions = Array.Empty<object>() })),

        // The history of what was written above, then the archives (last: they end the records' lives).
        new("ListAuditEntries", Caller.Admin, s => Get($"/api/audit?entity_type=organization&entity_id={s["organization"]}&limit=5")),
        new("ArchiveService", Caller.Editor, s => new HttpRequestMessage(HttpMethod.Delete, $"/api/services/{s["service"]}")),
        new("ArchiveLocation", Caller.Editor, s => new HttpRequestMessage(HttpMethod.Delete, $"/api/locations/{s["location"]}")),
        new("ArchiveOrganization", Caller.Editor, s => new HttpRequestMessage(HttpMethod.Delete, $"/api/organizations/{s["organization"]}")),
    ];

    /// <summary>Row 4 of the sample answers has no 法人番号; renamed, nothing matches it until staff resolve it.</summary>
    private const string RenamedTarget = "特定非営利活動法人のぼりべつ地域福祉ネットワーク";

    private static readonly Lazy<byte[]> RenamedAnswers = new(() =>
    {
        var lines = SurveySamples.ShiftJis.GetString(SurveySamples.Read(SurveySamples.AnswersCsv)).Split("\r\n");
        lines[4] = lines[4].Replace("のぼりべつ地域福祉ネットワーク", "登別ちいきふくしネット", StringComparison.Ordinal);
        return SurveySamples.ShiftJis.GetBytes(string.Join("\r\n", lines));
    });

    private static readonly object NoboribetsuPolygon = new
    {
        type = "Polygon",
        coordinates = new[] { new[] { new[] { 141.0, 42.35 }, new[] { 141.2, 42.35 }, new[] { 141.2, 42.5 }, new[] { 141.0, 42.5 }, new[] { 141.0, 42.35 } } },
    };

    /// <summary>A search as JSON, GeoJSON and CSV.</summary>
    private static IEnumerable<LiveCall> Representations(string operationId, string url) =>
    [
        new(operationId, Caller.Public, _ => Get(url)),
        new(operationId, Caller.Public, _ => Get(url, "application/geo+json")),
        new(operationId, Caller.Public, _ => Get(url + "&format=csv")),
    ];

    private static string MappingProfileRequest(JsonNode profile) => new JsonObject
    {
        ["name"] = profile["name"]!.GetValue<string>() + "（写し）",
        ["kind"] = profile["kind"]!.DeepClone(),
        ["columns"] = profile["columns"]!.DeepClone(),
        ["municipality_code"] = profile["municipality_code"]?.DeepClone(),
        ["options"] = profile["options"]?.DeepClone(),
    }.ToJsonString();

    private static string Escape(string value) => Uri.EscapeDataString(value);

    private static HttpRequestMessage Get(string url, string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        return request;
    }

    private static HttpRequestMessage Post(string url) => new(HttpMethod.Post, url);

    private static HttpRequestMessage Json(HttpMethod method, string url, object body, string? ifMatch = null, string? mediaType = null)
    {
        // PATCH is a JSON merge patch (RFC 7396) and says so; other bodies are plain JSON.
        mediaType ??= method == HttpMethod.Patch ? "application/merge-patch+json" : "application/json";
        var request = new HttpRequestMessage(method, url)
        {
            Content = new StringContent(JsonSerializer.Serialize(body, ApiFixture.Json), Encoding.UTF8, mediaType),
        };
        if (ifMatch is not null) request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        return request;
    }

    private static HttpRequestMessage Upload(HttpMethod method, string url, byte[] bytes, string fileName, string contentType) =>
        new(method, url) { Content = SurveySamples.Form(bytes, fileName, contentType) };

    private static string CorporateNumber(this LiveState state) => state["corporate_number"] = TestData.NewCorporateNumber();

    /// <summary>A record's id and the ETag its latest write answered with.</summary>
    private static void Keep(this LiveState state, string name, HttpResponseMessage response, JsonNode? body)
    {
        state[name] = body!["id"]!.GetValue<string>();
        state[$"{name}.etag"] = response.Headers.ETag!.ToString();
    }

    private static void KeepFirst(this LiveState state, string name, JsonNode? page) =>
        state[name] = page!["contents"]!.AsArray()[0]!["id"]!.GetValue<string>();
}
