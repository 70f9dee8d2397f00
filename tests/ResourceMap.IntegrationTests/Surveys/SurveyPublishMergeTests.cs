using System.Text;
using System.Text.Json;
using ResourceMap.IntegrationTests.Infrastructure;
using static ResourceMap.IntegrationTests.Surveys.SurveySamples;

namespace ResourceMap.IntegrationTests.Surveys;

/// <summary>
/// Publishing is a reviewed merge: a preview lists old → new per field, values the directory holds in a record from
/// elsewhere stay unless accepted, re-publishing updates the services it created, and an answer never goes into a
/// record whose 法人番号 is another's.
/// </summary>
[Collection(ApiCollection.Name)]
public class SurveyPublishMergeTests(ApiFixture api)
{
    private const string AnswerHeader = "団体名,法人番号,所在地,電話番号,メールアドレス,組織形態,活動の範囲,孤独・孤立対策に関する活動を行っていますか,活動の種類,活動頻度,活動内容（自由記述）\r\n";

    [Fact]
    public async Task An_existing_record_keeps_its_values_unless_the_change_is_accepted_and_re_publishing_adds_no_service()
    {
        var editor = api.Editor();
        var number = TestData.NewCorporateNumber();
        var name = $"NPO法人 ほろべつ結いの会{Guid.NewGuid():N}"[..24];
        var existing = TestData.Organization(name, number);
        existing["legal_form"] = "certified_npo";
        existing["sharing_scope"] = "public";
        existing["shared_with_regions"] = new[] { "nishi-iburi" };
        existing["contact_person"] = "連携担当 架空";
        var organization = await (await editor.SendJsonAsync(HttpMethod.Post, "/api/organizations", existing)).JsonAsync(201);
        var organizationId = organization.GetProperty("id").GetGuid();

        var survey = await CreateSurveyAsync(editor);
        await ImportListAsync(editor, survey, (number, name.Replace("NPO法人 ", "特定非営利活動法人"), "北海道登別市幌別町1丁目1"));
        var answers = AnswerHeader
            + $"{name},{number},登別市幌別町1-1,0143-88-1234,answer@example.jp,NPO法人,市区町村の全域,はい,居場所づくり,毎週,幌別で毎週サロンを開いています。\r\n";
        await (await ImportAnswersAsync(editor, survey, Encoding.UTF8.GetBytes(answers), "merge.csv", "commit")).JsonAsync(200);
        await CloseAsync(editor, survey);

        // The preview: the organisation is merged; every value that would replace one it holds is held.
        var preview = await (await editor.GetAsync($"/api/surveys/{survey}/publish/preview")).JsonAsync(200);
        var record = preview.GetProperty("records").EnumerateArray().Single();
        Assert.Equal("merge", record.GetProperty("action").GetString());
        Assert.Equal(organizationId, record.GetProperty("organization_id").GetGuid());
        var changes = record.GetProperty("changes").EnumerateArray().ToDictionary(c => c.GetProperty("field").GetString()!);
        Assert.Equal(["organization.description", "organization.email", "organization.legal_form", "organization.phones", "services.ibasho"],
            changes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("certified_npo", "npo"), (changes["organization.legal_form"].GetProperty("old").GetString(), changes["organization.legal_form"].GetProperty("new").GetString()));
        Assert.Equal("登別市内で子ども食堂を運営しています。", changes["organization.description"].GetProperty("old").GetString());
        Assert.Equal("幌別で毎週サロンを開いています。", changes["organization.description"].GetProperty("new").GetString());
        Assert.Equal(2, changes["organization.phones"].GetProperty("new").GetArrayLength());
        Assert.All(changes.Where(c => c.Key.StartsWith("organization.", StringComparison.Ordinal)), c => Assert.Equal("hold", c.Value.GetProperty("default").GetString()));
        Assert.Equal("apply", changes["services.ibasho"].GetProperty("default").GetString());
        Assert.Equal(4, preview.GetProperty("held_changes").GetInt32());

        // Publishing without decisions: the service is added, the organisation's own values stay.
        var published = await (await editor.PostAsync($"/api/surveys/{survey}/publish", null)).JsonAsync(200);
        Assert.Equal(1, published.GetProperty("services_created").GetInt32());
        Assert.Equal(4, published.GetProperty("changes_not_applied").GetInt32());
        var after = await (await editor.GetAsync($"/api/organizations/{organizationId}")).JsonAsync(200);
        Assert.Equal("certified_npo", after.GetProperty("legal_form").GetString());
        Assert.Equal("登別市内で子ども食堂を運営しています。", after.GetProperty("description").GetString());
        Assert.Equal("info@example.jp", after.GetProperty("email").GetString());
        Assert.Equal(["0143-85-0000"], after.GetProperty("phones").EnumerateArray().Select(p => p.GetProperty("number").GetString()!).ToArray());
        Assert.Equal(["nishi-iburi"], after.GetProperty("shared_with_regions").EnumerateArray().Select(r => r.GetString()!).ToArray());
        Assert.Equal("連携担当 架空", after.GetProperty("contact_person").GetString());
        Assert.Equal("manual", after.GetProperty("source").GetString());
        var services = after.GetProperty("services").EnumerateArray().ToList();
        Assert.Single(services);

        // Accept one change, skip the record's others explicitly: only the description moves.
        var decided = await editor.SendJsonAsync(HttpMethod.Post, $"/api/surveys/{survey}/publish", new
        {
            decisions = new object[]
            {
                new { target_id = record.GetProperty("target_id").GetGuid(), field = "organization.description", decision = "accept" },
                new { target_id = record.GetProperty("target_id").GetGuid(), field = "organization.phones", decision = "skip" },
            },
        });
        var second = await decided.JsonAsync(200);
        Assert.Equal(0, second.GetProperty("services_created").GetInt32());
        after = await (await editor.GetAsync($"/api/organizations/{organizationId}")).JsonAsync(200);
        Assert.Equal("幌別で毎週サロンを開いています。", after.GetProperty("description").GetString());
        Assert.Equal("certified_npo", after.GetProperty("legal_form").GetString());
        Assert.Single(after.GetProperty("phones").EnumerateArray());
        // Re-publishing updated the service it created: still one.
        Assert.Single(after.GetProperty("services").EnumerateArray());
        Assert.Equal(services[0].GetProperty("id").GetGuid(), after.GetProperty("services")[0].GetProperty("id").GetGuid());

        // Accepting the whole record writes the rest.
        await (await editor.SendJsonAsync(HttpMethod.Post, $"/api/surveys/{survey}/publish", new
        {
            decisions = new[] { new { target_id = record.GetProperty("target_id").GetGuid(), field = (string?)null, decision = "accept" } },
        })).JsonAsync(200);
        after = await (await editor.GetAsync($"/api/organizations/{organizationId}")).JsonAsync(200);
        Assert.Equal("npo", after.GetProperty("legal_form").GetString());
        Assert.Equal(["0143-85-0000", "0143-88-1234"], after.GetProperty("phones").EnumerateArray().Select(p => p.GetProperty("number").GetString()!).ToArray());
        Assert.Equal(["nishi-iburi"], after.GetProperty("shared_with_regions").EnumerateArray().Select(r => r.GetString()!).ToArray());
        Assert.Single(after.GetProperty("services").EnumerateArray());
        var unchanged = await (await editor.GetAsync($"/api/surveys/{survey}/publish/preview")).JsonAsync(200);
        Assert.Equal("unchanged", unchanged.GetProperty("records")[0].GetProperty("action").GetString());
    }

    [Fact]
    public async Task A_record_another_survey_created_keeps_its_values_however_often_this_survey_is_published()
    {
        var editor = api.Editor();
        var number = TestData.NewCorporateNumber();
        var name = $"特定非営利活動法人かるるす見守り隊{Guid.NewGuid():N}"[..24];
        var row = $"{name},{number},登別市幌別町1-1,0143-88-1234,,NPO法人,市区町村の全域,はい,居場所づくり,毎週,幌別で毎週サロンを開いています。\r\n";

        // Survey A creates the organisation, without an e-mail address.
        var first = await CreateSurveyAsync(editor);
        await ImportListAsync(editor, first, (number, name, "北海道登別市幌別町1丁目1"));
        await (await ImportAnswersAsync(editor, first, Encoding.UTF8.GetBytes(AnswerHeader + row), "a.csv", "commit")).JsonAsync(200);
        await CloseAsync(editor, first);
        var created = await (await editor.PostAsync($"/api/surveys/{first}/publish", null)).JsonAsync(200);
        var organizationId = created.GetProperty("organization_ids")[0].GetGuid();

        // Survey B answers differently: its e-mail fills an empty field; its other changes replace values survey A
        // published, so they are held, and stay held when B publishes again (its first publish changed the record).
        var second = await CreateSurveyAsync(editor);
        await ImportListAsync(editor, second, (number, name, "北海道登別市幌別町1丁目1"));
        var changed = row.Replace("1234,,NPO", "1234,second@example.jp,NPO").Replace(",NPO法人,", ",認定NPO法人,").Replace("幌別で毎週サロンを開いています。", "月に一度の食事会です。");
        await (await ImportAnswersAsync(editor, second, Encoding.UTF8.GetBytes(AnswerHeader + changed), "b.csv", "commit")).JsonAsync(200);
        await CloseAsync(editor, second);
        for (var publish = 1; publish <= 3; publish++)
        {
            var preview = await (await editor.GetAsync($"/api/surveys/{second}/publish/preview")).JsonAsync(200);
            var held = preview.GetProperty("records")[0].GetProperty("changes").EnumerateArray()
                .Where(c => c.GetProperty("default").GetString() == "hold").Select(c => c.GetProperty("field").GetString()!).Order(StringComparer.Ordinal);
            Assert.Equal(["organization.description", "organization.legal_form"], held);
            await (await editor.PostAsync($"/api/surveys/{second}/publish", null)).JsonAsync(200);
            var after = await (await editor.GetAsync($"/api/organizations/{organizationId}")).JsonAsync(200);
            Assert.Equal("npo", after.GetProperty("legal_form").GetString());
            Assert.Equal("second@example.jp", after.GetProperty("email").GetString());
            Assert.Equal("幌別で毎週サロンを開いています。", after.GetProperty("description").GetString());
            Assert.Equal($"survey:{first}", after.GetProperty("source").GetString());
        }
    }

    [Fact]
    public async Task NUL_characters_deep_in_a_file_are_removed_with_a_warning_and_the_answer_publishes()
    {
        var editor = api.Editor();
        var number = TestData.NewCorporateNumber();
        var name = $"特定非営利活動法人ぬるもじ見守り隊{Guid.NewGuid():N}"[..22];
        var survey = await CreateSurveyAsync(editor);
        await ImportListAsync(editor, survey, (number, name, "北海道登別市幌別町1丁目1"));
        // Blank lines push the row past what is sniffed for binary content (a NUL there makes the file 415).
        var answers = AnswerHeader + string.Concat(Enumerable.Repeat("\r\n", 40_000))
            + $"{name[..9]}\0{name[9..]},{number},登別市幌別町1-1,0143-88-1234,nul@example.jp,NPO法人,市区町村の全域,はい,居場所づくり,毎週,毎週\0サロンを開いています。\r\n";
        var commit = await (await ImportAnswersAsync(editor, survey, Encoding.UTF8.GetBytes(answers), "nul.csv", "commit")).JsonAsync(200);
        Assert.Equal(1, commit.GetProperty("created").GetInt32());
        var row = commit.GetProperty("items")[0];
        Assert.Equal(40_002, row.GetProperty("row_number").GetInt32());
        var warning = row.GetProperty("issues").EnumerateArray().Single();
        Assert.Equal(("row", false), (warning.GetProperty("field").GetString(), warning.GetProperty("blocking").GetBoolean()));
        Assert.Contains("2 cell(s)", warning.GetProperty("reason_en").GetString());

        await CloseAsync(editor, survey);
        var published = await (await editor.PostAsync($"/api/surveys/{survey}/publish", null)).JsonAsync(200);
        var organization = await (await editor.GetAsync($"/api/organizations/{published.GetProperty("organization_ids")[0].GetGuid()}")).JsonAsync(200);
        Assert.Equal(name, organization.GetProperty("name").GetString());
        Assert.Equal("毎週サロンを開いています。", organization.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Decisions_that_name_no_record_or_change_are_400_and_nothing_is_written()
    {
        var editor = api.Editor();
        var number = TestData.NewCorporateNumber();
        var name = $"特定非営利活動法人わかくさ広場{Guid.NewGuid():N}"[..22];
        var survey = await CreateSurveyAsync(editor);
        await ImportListAsync(editor, survey, (number, name, "北海道登別市幌別町1丁目1"));
        await (await ImportAnswersAsync(editor, survey, Encoding.UTF8.GetBytes(AnswerHeader
            + $"{name},{number},登別市幌別町1-1,,,NPO法人,市区町村の全域,はい,居場所づくり,毎週,\r\n"), "a.csv", "commit")).JsonAsync(200);
        await CloseAsync(editor, survey);
        var target = (await (await editor.GetAsync($"/api/surveys/{survey}/publish/preview")).JsonAsync(200)).GetProperty("records")[0].GetProperty("target_id").GetGuid();

        var problem = await (await editor.SendJsonAsync(HttpMethod.Post, $"/api/surveys/{survey}/publish", new
        {
            decisions = new object[]
            {
                new { target_id = Guid.NewGuid(), field = (string?)null, decision = "accept" },
                new { target_id = target, field = "organization.website", decision = "accept" },
            },
        })).ProblemAsync(400, "urn:resourcemap:problem:validation");
        Assert.Contains("no answer", problem.FieldError("decisions[0].target_id"));
        Assert.Contains("organization.website", problem.FieldError("decisions[1].field"));
        var wrongDecision = await (await editor.SendJsonAsync(HttpMethod.Post, $"/api/surveys/{survey}/publish", new
        {
            decisions = new[] { new { target_id = target, field = (string?)null, decision = "maybe" } },
        })).ProblemAsync(400, "urn:resourcemap:problem:validation");
        Assert.Contains("accept or skip", wrongDecision.GetProperty("errors").GetRawText());
        var still = await (await api.Anonymous().GetAsync($"/api/surveys/{survey}")).JsonAsync(200);
        Assert.Equal("closed", still.GetProperty("status").GetString());

        // Skipping the record publishes nothing for it.
        var skipped = await (await editor.SendJsonAsync(HttpMethod.Post, $"/api/surveys/{survey}/publish", new
        {
            decisions = new[] { new { target_id = target, field = (string?)null, decision = "skip" } },
        })).JsonAsync(200);
        Assert.Equal(0, skipped.GetProperty("services").GetInt32());
    }

    [Fact]
    public async Task A_corporate_number_held_by_an_unrelated_record_links_nothing_and_publishes_nothing_into_it()
    {
        var editor = api.Editor();
        var number = TestData.NewCorporateNumber();
        var council = TestData.Organization($"社会福祉法人 ほろべつ社会福祉協議会{Guid.NewGuid():N}"[..26], number);
        council["legal_form"] = "social_welfare_council";
        council["phones"] = new[] { new { number = "0143-85-1111", description = "代表" }, new { number = "0143-85-2222", description = "相談専用" } };
        var councilId = (await (await editor.SendJsonAsync(HttpMethod.Post, "/api/organizations", council)).JsonAsync(201)).GetProperty("id").GetGuid();
        var before = await (await editor.GetAsync($"/api/organizations/{councilId}")).JsonAsync(200);

        // The open-data list gives the council's number to an NPO: the target is added, reported, and not linked.
        var npo = $"特定非営利活動法人ほろべつ環境クラブ{Guid.NewGuid():N}"[..24];
        var survey = await CreateSurveyAsync(editor);
        var imported = await ImportListAsync(editor, survey, (number, npo, "北海道登別市幌別町1丁目1"));
        var row = imported.GetProperty("items")[0];
        var warning = row.GetProperty("issues").EnumerateArray().Single(i => i.GetProperty("field").GetString() == "corporate_number");
        Assert.False(warning.GetProperty("blocking").GetBoolean());
        Assert.Contains("ほろべつ社会福祉協議会", warning.GetProperty("reason_ja").GetString());
        var target = (await (await editor.GetAsync($"/api/surveys/{survey}/targets")).JsonAsync(200))[0];
        Assert.Equal(JsonValueKind.Null, target.GetProperty("organization_id").ValueKind);

        await (await ImportAnswersAsync(editor, survey, Encoding.UTF8.GetBytes(AnswerHeader
            + $"{npo},{number},登別市幌別町1-1,0143-88-9999,npo@example.jp,NPO法人,市区町村の全域,はい,居場所づくり,毎週,環境保全の活動をしています。\r\n"),
            "conflict.csv", "commit")).JsonAsync(200);
        await CloseAsync(editor, survey);
        var preview = await (await editor.GetAsync($"/api/surveys/{survey}/publish/preview")).JsonAsync(200);
        var record = preview.GetProperty("records")[0];
        Assert.Equal("skip", record.GetProperty("action").GetString());
        Assert.Equal("corporate_number", record.GetProperty("skip_reason").GetProperty("field").GetString());
        // Even an accept does not publish into a record with another name behind the same number.
        var published = await (await editor.SendJsonAsync(HttpMethod.Post, $"/api/surveys/{survey}/publish", new
        {
            decisions = new[] { new { target_id = record.GetProperty("target_id").GetGuid(), field = (string?)null, decision = "accept" } },
        })).JsonAsync(200);
        Assert.Equal(0, published.GetProperty("organizations").GetInt32());
        Assert.Single(published.GetProperty("skipped").EnumerateArray());
        var after = await (await editor.GetAsync($"/api/organizations/{councilId}")).JsonAsync(200);
        foreach (var field in new[] { "name", "legal_form", "description", "email", "phones", "services", "source" })
            Assert.Equal(before.GetProperty(field).GetRawText(), after.GetProperty(field).GetRawText());
    }

    [Fact]
    public async Task An_answer_whose_corporate_number_differs_from_its_record_s_is_never_published_into_it()
    {
        var editor = api.Editor();
        var number = TestData.NewCorporateNumber();
        var other = TestData.NewCorporateNumber();
        var name = $"特定非営利活動法人わしべつ見守り隊{Guid.NewGuid():N}"[..22];
        var survey = await CreateSurveyAsync(editor);
        await ImportListAsync(editor, survey, (number, name, "北海道登別市幌別町1丁目1"));
        var target = (await (await editor.GetAsync($"/api/surveys/{survey}/targets")).JsonAsync(200))[0];
        var organizationId = target.GetProperty("organization_id").GetGuid();
        // Staff tie the row (which carries another valid 法人番号) to the target; the answer is stored …
        await (await editor.SendJsonAsync(HttpMethod.Post, $"/api/surveys/{survey}/match-resolutions",
            new { match_key = other, target_id = target.GetProperty("id").GetGuid() })).JsonAsync(204);
        var commit = await (await ImportAnswersAsync(editor, survey, Encoding.UTF8.GetBytes(AnswerHeader
            + $"{name},{other},登別市幌別町1-1,0143-88-7777,,NPO法人,市区町村の全域,はい,居場所づくり,毎週,見守りをしています。\r\n"), "other.csv", "commit")).JsonAsync(200);
        Assert.Equal(1, commit.GetProperty("created").GetInt32());
        await CloseAsync(editor, survey);

        // … but not published into the record whose 法人番号 is another.
        var preview = await (await editor.GetAsync($"/api/surveys/{survey}/publish/preview")).JsonAsync(200);
        Assert.Equal("skip", preview.GetProperty("records")[0].GetProperty("action").GetString());
        Assert.Contains(other, preview.GetProperty("records")[0].GetProperty("skip_reason").GetProperty("reason_en").GetString());
        await (await editor.PostAsync($"/api/surveys/{survey}/publish", null)).JsonAsync(200);
        var organization = await (await editor.GetAsync($"/api/organizations/{organizationId}")).JsonAsync(200);
        Assert.Equal(number, organization.GetProperty("corporate_number").GetString());
        Assert.Empty(organization.GetProperty("services").EnumerateArray());
        Assert.Empty(organization.GetProperty("phones").EnumerateArray());
    }

    private static async Task<JsonElement> ImportListAsync(HttpClient editor, Guid survey, params (string Number, string Name, string Address)[] rows)
    {
        var csv = "法人番号,法人名称,主たる事務所の所在地\r\n" + string.Concat(rows.Select(r => $"{r.Number},{r.Name},{r.Address}\r\n"));
        return await (await editor.PostAsync($"/api/surveys/{survey}/targets/import", Form(Encoding.UTF8.GetBytes(csv), "list.csv"))).JsonAsync(200);
    }

    private static async Task CloseAsync(HttpClient editor, Guid survey) =>
        await (await editor.SendJsonAsync(HttpMethod.Post, $"/api/surveys/{survey}/status", new { status = "closed" })).JsonAsync(200);
}
