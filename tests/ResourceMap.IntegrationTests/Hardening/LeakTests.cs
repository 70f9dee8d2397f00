using System.Text.Json;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Hardening;

/// <summary>Leaks through surveys and the service organisation check: only what the caller may read is used or named.</summary>
[Collection(ApiCollection.Name)]
public class LeakTests(ApiFixture api)
{
    private async Task<HttpClient> EditorOfAsync(string municipality)
    {
        var issued = await (await api.Admin().SendJsonAsync(HttpMethod.Post, "/api/keys",
            new { name = $"editor-{municipality}-{Guid.NewGuid():N}", role = "editor", home_municipality_code = municipality })).JsonAsync(201);
        return api.WithKey(issued.GetProperty("key").GetString()!);
    }

    private async Task<(Guid Id, string Name, string CorporateNumber)> OrganizationAsync(string owner, string scope, bool archived = false,
        string? sharedWith = null)
    {
        var body = TestData.Organization();
        body["owner_municipality_code"] = owner;
        body["sharing_scope"] = scope;
        if (sharedWith is not null) body["shared_with_regions"] = new[] { sharedWith };
        var created = await (await api.Admin().SendJsonAsync(HttpMethod.Post, "/api/organizations", body)).JsonAsync(201);
        var id = created.GetProperty("id").GetGuid();
        if (archived) await (await api.Admin().DeleteAsync($"/api/organizations/{id}")).JsonAsync(204);
        return (id, (string)body["name"]!, (string)body["corporate_number"]!);
    }

    [Fact]
    public async Task A_survey_over_another_municipality_never_lists_its_hidden_organisations_as_targets()
    {
        var hidden = await OrganizationAsync("01205", "owner");
        // Shared with a region 登別 (01230) is not in: still hidden from 登別's editor.
        var region = $"muroran-only-{Guid.NewGuid():N}"[..30];
        await (await api.Admin().SendJsonAsync(HttpMethod.Post, "/api/regions", new
        {
            id = region, name_ja = "室蘭のみ", name_en = "Muroran only", description = (string?)null, member_codes = new[] { "01205" },
        })).JsonAsync(201);
        var partnersOnly = await OrganizationAsync("01205", "partners", sharedWith: region);
        var visible = await OrganizationAsync("01205", "public");
        var editor = await EditorOfAsync("01230");
        var survey = await (await editor.SendJsonAsync(HttpMethod.Post, "/api/surveys", new
        {
            title = "室蘭を含む調査", issuing_municipality_code = "01230", region_id = (string?)null,
            municipality_codes = new[] { "01205" }, period_start = "2024-02-05", period_end = "2024-02-25", mapping_profile_id = (string?)null,
        })).JsonAsync(201);
        var id = survey.GetProperty("id").GetGuid();
        await (await editor.SendJsonAsync(HttpMethod.Post, $"/api/surveys/{id}/targets", new { legal_forms = Array.Empty<string>() })).JsonAsync(200);

        var targets = (await (await editor.GetAsync($"/api/surveys/{id}/targets")).JsonAsync(200)).EnumerateArray().ToList();
        var listed = targets.Select(t => t.GetRawText()).ToList();
        Assert.Contains(listed, t => t.Contains(visible.CorporateNumber, StringComparison.Ordinal));
        foreach (var secret in new[] { hidden, partnersOnly })
        {
            Assert.DoesNotContain(listed, t => t.Contains(secret.CorporateNumber, StringComparison.Ordinal));
            Assert.DoesNotContain(listed, t => t.Contains(secret.Name, StringComparison.Ordinal));
        }
        // An admin's targets (everything) are still filtered per reader: the editor never sees a hidden one.
        await (await api.Admin().SendJsonAsync(HttpMethod.Post, $"/api/surveys/{id}/targets", new { legal_forms = Array.Empty<string>() })).JsonAsync(200);
        var adminTargets = (await (await api.Admin().GetAsync($"/api/surveys/{id}/targets")).JsonAsync(200)).GetRawText();
        Assert.Contains(hidden.CorporateNumber, adminTargets, StringComparison.Ordinal);
        var editorTargets = (await (await editor.GetAsync($"/api/surveys/{id}/targets")).JsonAsync(200)).GetRawText();
        Assert.DoesNotContain(hidden.CorporateNumber, editorTargets, StringComparison.Ordinal);

        // Nor does answer matching use it: an answer naming the hidden organisation is not matched to its target, and
        // the report offers that target as no candidate. The admin's own dry run does match it, so the file is right.
        var hiddenTarget = (await (await api.Admin().GetAsync($"/api/surveys/{id}/targets")).JsonAsync(200)).EnumerateArray()
            .Single(t => t.GetRawText().Contains(hidden.CorporateNumber, StringComparison.Ordinal)).GetProperty("id").GetString()!;
        var answers = System.Text.Encoding.UTF8.GetBytes($"団体名,法人番号\n{hidden.Name},{hidden.CorporateNumber}\n");
        var adminReport = (await (await api.Admin().PostAsync($"/api/surveys/{id}/answers/import?mode=dry_run",
            Surveys.SurveySamples.Form(answers, "answers.csv"))).JsonAsync(200)).GetRawText();
        Assert.Contains(hiddenTarget, adminReport, StringComparison.Ordinal);
        var editorReport = (await (await editor.PostAsync($"/api/surveys/{id}/answers/import?mode=dry_run",
            Surveys.SurveySamples.Form(answers, "answers.csv"))).JsonAsync(200)).GetRawText();
        Assert.DoesNotContain(hiddenTarget, editorReport, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_under_an_organisation_the_editor_may_not_read_is_answered_exactly_like_a_missing_id()
    {
        var editor = await EditorOfAsync("01230");
        var foreignHidden = await OrganizationAsync("01205", "owner");
        var archivedHidden = await OrganizationAsync("01205", "owner", archived: true);
        var missing = Guid.NewGuid();

        var answers = new List<string>();
        foreach (var organization in new[] { foreignHidden.Id, archivedHidden.Id, missing })
        {
            var body = TestData.Service(organization);
            var response = await editor.SendJsonAsync(HttpMethod.Post, "/api/services", body);
            var problem = await response.ProblemAsync(400, "urn:resourcemap:problem:validation");
            var errors = problem.GetProperty("errors").GetRawText().Replace(organization.ToString(), "<id>", StringComparison.Ordinal);
            answers.Add($"{(int)response.StatusCode} {problem.GetProperty("title").GetString()} {problem.GetProperty("detail").GetString()} {errors}");
        }
        Assert.Single(answers.Distinct());
        Assert.Contains("organization_id", answers[0], StringComparison.Ordinal);
        Assert.DoesNotContain("01205", answers[0], StringComparison.Ordinal);
        Assert.DoesNotContain("archived", answers[0], StringComparison.Ordinal);
    }
}
