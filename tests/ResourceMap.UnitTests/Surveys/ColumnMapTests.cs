using ResourceMap.Api.Surveys;
using ResourceMap.Domain.Surveys;

namespace ResourceMap.UnitTests.Surveys;

public class ColumnMapTests
{
    private static readonly MappingProfile Profile = new()
    {
        Id = "test", Name = "test", Kind = "answers",
        Columns = new()
        {
            ["organization_name"] = ["団体名"],
            ["address"] = ["所在地"],
            ["phone"] = ["電話番号"],
        },
        Options = new MappingOptions { OtherTextColumns = new() { ["activity_types"] = ["その他"] } },
    };

    [Theory]
    [InlineData("Q1. 団体名（必須）", "団体名")]
    [InlineData("問1 団体名", "団体名")]
    [InlineData("１．団体名＊", "団体名")]
    [InlineData("(2) 所在地", "所在地")]
    [InlineData("【必須】電話番号", "電話番号")]
    [InlineData("Q10-2. 電話番号 ※必須", "電話番号")]
    [InlineData("2024年度の活動", "2024年度の活動")]
    [InlineData("Q1", "Q1")]
    public void Loose_header_keys_drop_question_numbers_and_required_marks(string header, string expected) =>
        Assert.Equal(expected, ColumnMap.LooseHeaderKey(header));

    [Theory]
    [InlineData("活動の種類\n（あてはまるものすべて）", "活動の種類")]
    [InlineData("所在地（市町村から）", "所在地")]
    [InlineData("Q3. 団体名【正式名称】（必須）", "団体名")]
    [InlineData("活動の種類（その他）", "活動の種類(その他)")]
    [InlineData("（必須）", "(必須)")]
    public void Noteless_header_keys_also_drop_a_trailing_note(string header, string expected) =>
        Assert.Equal(expected, ColumnMap.NotelessHeaderKey(header));

    [Fact]
    public void Numbered_questions_map_to_the_profile_headers()
    {
        string[] headers = ["タイムスタンプ", "Q1. 団体名（必須）", "Q2. 所在地", "Q3. 電話番号 *"];
        var map = ColumnMap.Build(headers, Profile, ["organization_name"]);
        string[] row = ["2024/02/10 10:00", "NPO法人のぼりべつ", "北海道登別市幌別町一丁目", "0143-85-1234"];
        Assert.Equal("NPO法人のぼりべつ", map.Cell(row, "organization_name"));
        Assert.Equal("北海道登別市幌別町一丁目", map.Cell(row, "address"));
        Assert.Equal("0143-85-1234", map.Cell(row, "phone"));
        Assert.Equal(["タイムスタンプ"], map.IgnoredHeaders);
    }

    [Fact]
    public void A_header_with_a_note_maps_when_one_column_fits()
    {
        string[] headers = ["団体名（正式名称）", "所在地\n（市町村から）", "所在地（その他）", "電話番号（日中）", "電話番号（夜間）"];
        var map = ColumnMap.Build(headers, Profile, ["organization_name"]);
        string[] row = ["NPO法人のぼりべつ", "登別市幌別町一丁目", "x", "0143-85-1234", "0143-85-9999"];
        Assert.Equal("NPO法人のぼりべつ", map.Cell(row, "organization_name"));
        Assert.Equal("登別市幌別町一丁目", map.Cell(row, "address"));
        // Two phone columns fit: neither is guessed, and both are listed as ignored.
        Assert.Equal("", map.Cell(row, "phone"));
        Assert.Equal(["所在地（その他）", "電話番号（日中）", "電話番号（夜間）"], map.IgnoredHeaders);
    }

    [Fact]
    public void A_note_that_tells_two_questions_apart_does_not_take_the_question()
    {
        var profile = new MappingProfile
        {
            Id = "test", Name = "test", Kind = "answers",
            Columns = new() { ["organization_name"] = ["団体名"], ["name_kana"] = ["団体名（ふりがな）"] },
        };
        string[] headers = ["Q1. 団体名（正式名称）", "Q2. 団体名（ふりがな）"];
        var map = ColumnMap.Build(headers, profile, ["organization_name"]);
        Assert.Equal("name", map.Cell(["name", "kana"], "organization_name"));
        Assert.Equal("kana", map.Cell(["name", "kana"], "name_kana"));
    }

    [Fact]
    public void An_exact_header_wins_over_a_numbered_one()
    {
        string[] headers = ["Q1. 団体名", "団体名"];
        var map = ColumnMap.Build(headers, Profile, ["organization_name"]);
        Assert.Equal("exact", map.Cell(["numbered", "exact"], "organization_name"));
    }

    [Fact]
    public void A_loose_header_that_fits_two_columns_maps_neither()
    {
        // 問3 その他 and 問5 その他 belong to different questions: guessing one would file text under the wrong field.
        string[] headers = ["団体名", "問3 その他", "問5 その他"];
        var map = ColumnMap.Build(headers, Profile, ["organization_name"]);
        Assert.Equal("", map.OtherText(["a", "b", "c"], "activity_types"));
        Assert.Contains("問3 その他", map.IgnoredHeaders);
    }
}
