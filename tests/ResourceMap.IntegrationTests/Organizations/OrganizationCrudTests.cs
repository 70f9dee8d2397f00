using System.Net;
using System.Net.Http.Json;
using System.Text;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Organizations;

[Collection(ApiCollection.Name)]
public class OrganizationCrudTests(ApiFixture api)
{
    private const string Validation = "urn:resourcemap:problem:validation";

    [Fact]
    public async Task Create_read_replace_patch_and_archive_round_trip()
    {
        var editor = api.Editor();
        var body = TestData.Organization();
        var createdResponse = await editor.SendJsonAsync(HttpMethod.Post, "/api/organizations", body);
        var created = await createdResponse.JsonAsync(201);
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"/api/organizations/{id}", createdResponse.Headers.Location?.AbsolutePath);
        Assert.NotNull(createdResponse.Headers.ETag);

        var readResponse = await api.Anonymous().GetAsync($"/api/organizations/{id}");
        var read = await readResponse.JsonAsync(200);
        Assert.Equal(body["name"], read.GetProperty("name").GetString());
        Assert.Equal(body["corporate_number"], read.GetProperty("corporate_number").GetString());
        Assert.Equal("0143-85-0000", read.GetProperty("phones")[0].GetProperty("number").GetString());
        Assert.Equal("support", read.GetProperty("platform_role").GetString());
        Assert.False(read.GetProperty("archived").GetBoolean());
        var etag = readResponse.Headers.ETag!.ToString();

        body["description"] = "説明を更新しました。";
        var replacedResponse = await editor.SendJsonAsync(HttpMethod.Put, $"/api/organizations/{id}", body, ifMatch: etag);
        var replaced = await replacedResponse.JsonAsync(200);
        Assert.Equal("説明を更新しました。", replaced.GetProperty("description").GetString());
        var newEtag = replacedResponse.Headers.ETag!.ToString();
        Assert.NotEqual(etag, newEtag);

        var patchedResponse = await editor.SendJsonAsync(HttpMethod.Patch, $"/api/organizations/{id}",
            new Dictionary<string, object?> { ["website"] = null, ["name_kana"] = "パッチ" }, ifMatch: newEtag, mediaType: "application/merge-patch+json");
        var patched = await patchedResponse.JsonAsync(200);
        Assert.Equal(JsonValueKindNull, patched.GetProperty("website").ValueKind);
        Assert.Equal("パッチ", patched.GetProperty("name_kana").GetString());
        Assert.Equal("説明を更新しました。", patched.GetProperty("description").GetString());

        var listed = await (await api.Anonymous().GetAsync($"/api/organizations?q={Uri.EscapeDataString((string)body["name"]!)}")).JsonAsync(200);
        Assert.Equal(1, listed.GetProperty("total").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await editor.DeleteAsync($"/api/organizations/{id}")).StatusCode);
        var afterArchive = await (await api.Anonymous().GetAsync($"/api/organizations?q={Uri.EscapeDataString((string)body["name"]!)}")).JsonAsync(200);
        Assert.Equal(0, afterArchive.GetProperty("total").GetInt32());
        var archived = await (await api.Anonymous().GetAsync($"/api/organizations/{id}")).JsonAsync(200);
        Assert.True(archived.GetProperty("archived").GetBoolean());
        await (await editor.SendJsonAsync(HttpMethod.Put, $"/api/organizations/{id}", body)).ProblemAsync(409, "urn:resourcemap:problem:conflict");
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task A_write_with_a_stale_If_Match_is_412_and_changes_nothing()
    {
        var editor = api.Editor();
        var body = TestData.Organization();
        var createdResponse = await editor.SendJsonAsync(HttpMethod.Post, "/api/organizations", body);
        var id = (await createdResponse.JsonAsync(201)).GetProperty("id").GetGuid();
        var originalEtag = createdResponse.Headers.ETag!.ToString();

        body["description"] = "first writer";
        await (await editor.SendJsonAsync(HttpMethod.Put, $"/api/organizations/{id}", body, ifMatch: originalEtag)).JsonAsync(200);

        body["description"] = "second writer, stale";
        await (await editor.SendJsonAsync(HttpMethod.Put, $"/api/organizations/{id}", body, ifMatch: originalEtag))
            .ProblemAsync(412, "urn:resourcemap:problem:precondition-failed");
        await (await editor.SendJsonAsync(HttpMethod.Patch, $"/api/organizations/{id}", new { description = "patch, stale" }, ifMatch: originalEtag))
            .ProblemAsync(412, "urn:resourcemap:problem:precondition-failed");
        var deleteRequest = new HttpRequestMessage(HttpMethod.Delete, $"/api/organizations/{id}");
        deleteRequest.Headers.IfMatch.ParseAdd(originalEtag);
        await (await editor.SendAsync(deleteRequest)).ProblemAsync(412, "urn:resourcemap:problem:precondition-failed");

        var current = await (await api.Anonymous().GetAsync($"/api/organizations/{id}")).JsonAsync(200);
        Assert.Equal("first writer", current.GetProperty("description").GetString());
        Assert.False(current.GetProperty("archived").GetBoolean());
    }

    [Fact]
    public async Task Writes_need_a_valid_api_key()
    {
        var body = TestData.Organization();
        var anonymous = await api.Anonymous().SendJsonAsync(HttpMethod.Post, "/api/organizations", body);
        var problem = await anonymous.ProblemAsync(401, "urn:resourcemap:problem:unauthorized");
        Assert.Contains("X-Api-Key", problem.GetProperty("detail").GetString());
        await (await api.WithKey("not-a-key").SendJsonAsync(HttpMethod.Post, "/api/organizations", body))
            .ProblemAsync(401, "urn:resourcemap:problem:unauthorized");
        var list = await (await api.Anonymous().GetAsync($"/api/organizations?q={Uri.EscapeDataString((string)body["name"]!)}")).JsonAsync(200);
        Assert.Equal(0, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Invalid_fields_are_named_with_their_reason()
    {
        var body = TestData.Organization();
        body["name"] = "";
        body["legal_form"] = "pirate_ship";
        body["corporate_number"] = "1000012050002"; // valid shape, wrong check digit (the real one starts with 7)
        body["website"] = "javascript:alert(1)";
        body["platform_member"] = false;
        body["owner_municipality_code"] = "012302";
        var problem = await (await api.Editor().SendJsonAsync(HttpMethod.Post, "/api/organizations", body)).ProblemAsync(400, Validation);
        Assert.NotEmpty(problem.FieldError("name"));
        Assert.Contains("pirate_ship", problem.FieldError("legal_form"));
        Assert.Contains("check digit", problem.FieldError("corporate_number"));
        Assert.Contains("http", problem.FieldError("website"));
        Assert.Contains("platform_member", problem.FieldError("platform_role"));
        Assert.Contains("check digit", problem.FieldError("owner_municipality_code"));
    }

    [Fact]
    public async Task The_real_format_of_a_corporate_number_is_accepted_in_full_width_and_normalised()
    {
        var body = TestData.Organization();
        var number = TestData.NewCorporateNumber();
        body["corporate_number"] = string.Concat(number.Select(c => (char)(c - '0' + '０')));
        var created = await (await api.Editor().SendJsonAsync(HttpMethod.Post, "/api/organizations", body)).JsonAsync(201);
        Assert.Equal(number, created.GetProperty("corporate_number").GetString());
    }

    [Fact]
    public async Task Unknown_properties_are_rejected_so_no_field_can_be_mass_assigned()
    {
        var body = TestData.Organization();
        body["archived_at"] = "2020-01-01T00:00:00Z";
        body["source"] = "survey:forged";
        var problem = await (await api.Editor().SendJsonAsync(HttpMethod.Post, "/api/organizations", body)).ProblemAsync(400, Validation);
        var errors = problem.GetProperty("errors").EnumerateObject().ToList();
        Assert.Contains(errors, e => e.Name is "archived_at" or "source");
        Assert.Contains("Unknown property", errors[0].Value[0].GetString());

        var created = await (await api.Editor().SendJsonAsync(HttpMethod.Post, "/api/organizations", TestData.Organization())).JsonAsync(201);
        var id = created.GetProperty("id").GetGuid();
        var patch = await (await api.Editor().SendJsonAsync(HttpMethod.Patch, $"/api/organizations/{id}", new { id = Guid.NewGuid() }))
            .ProblemAsync(400, Validation);
        Assert.Contains("Unknown property", patch.FieldError("id"));
    }

    [Fact]
    public async Task A_duplicate_corporate_number_is_409()
    {
        var number = TestData.NewCorporateNumber();
        await (await api.Editor().SendJsonAsync(HttpMethod.Post, "/api/organizations", TestData.Organization(corporateNumber: number))).JsonAsync(201);
        var problem = await (await api.Editor().SendJsonAsync(HttpMethod.Post, "/api/organizations", TestData.Organization(corporateNumber: number)))
            .ProblemAsync(409, "urn:resourcemap:problem:conflict");
        Assert.Contains(number, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Malformed_json_wrong_media_type_and_oversized_bodies_get_problem_details()
    {
        var editor = api.Editor();
        var broken = await editor.PostAsync("/api/organizations", new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));
        await broken.ProblemAsync(400, Validation);

        var wrongType = await editor.PostAsync("/api/organizations", new StringContent("name=x", Encoding.UTF8, "text/plain"));
        await wrongType.ProblemAsync(415, "urn:resourcemap:problem:unsupported-media-type");

        var body = TestData.Organization();
        body["description"] = new string('あ', 300_000);
        var tooLarge = await editor.SendJsonAsync(HttpMethod.Post, "/api/organizations", body);
        await tooLarge.ProblemAsync(413, "urn:resourcemap:problem:payload-too-large");

        var wrongTypeField = TestData.Organization();
        wrongTypeField["platform_member"] = "yes";
        var typed = await editor.SendJsonAsync(HttpMethod.Post, "/api/organizations", wrongTypeField);
        Assert.NotEmpty((await typed.ProblemAsync(400, Validation)).FieldError("platform_member"));
    }

    [Fact]
    public async Task Unknown_ids_are_404()
    {
        await (await api.Anonymous().GetAsync($"/api/organizations/{Guid.NewGuid()}")).ProblemAsync(404, "urn:resourcemap:problem:not-found");
        await (await api.Editor().SendJsonAsync(HttpMethod.Put, $"/api/organizations/{Guid.NewGuid()}", TestData.Organization()))
            .ProblemAsync(404, "urn:resourcemap:problem:not-found");
        await (await api.Editor().DeleteAsync($"/api/organizations/{Guid.NewGuid()}")).ProblemAsync(404, "urn:resourcemap:problem:not-found");
    }

    [Fact]
    public async Task Lists_are_paged_and_filtered_by_municipality_and_category()
    {
        var page = await (await api.Anonymous().GetAsync("/api/organizations?municipality=01578&category=ibasho&page_size=5")).JsonAsync(200);
        Assert.Equal(5, page.GetProperty("page_size").GetInt32());
        Assert.True(page.GetProperty("items").GetArrayLength() <= 5);
        Assert.True(page.GetProperty("total").GetInt32() >= 1);
        var problem = await (await api.Anonymous().GetAsync("/api/organizations?page_size=1000")).ProblemAsync(400, Validation);
        Assert.Contains("100", problem.FieldError("page_size"));
        var category = await (await api.Anonymous().GetAsync("/api/organizations?category=karaoke")).ProblemAsync(400, Validation);
        Assert.Contains("ibasho", category.FieldError("category"));
    }
}
