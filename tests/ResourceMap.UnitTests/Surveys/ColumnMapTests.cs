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
