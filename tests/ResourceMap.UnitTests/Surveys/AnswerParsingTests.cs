using ResourceMap.Api.Surveys;
using ResourceMap.Domain.Text;

namespace ResourceMap.UnitTests.Surveys;

public class AnswerParsingTests
{
    [Theory]
    [InlineData("居場所づくり、相談窓口の開設", new[] { "居場所づくり", "相談窓口の開設" })]
    [InlineData("居場所づくり,相談窓口の開設", new[] { "居場所づくり", "相談窓口の開設" })]
    [InlineData("居場所づくり;相談窓口の開設", new[] { "居場所づくり", "相談窓口の開設" })]
    [InlineData("居場所づくり\n相談窓口の開設", new[] { "居場所づくり", "相談窓口の開設" })]
    [InlineData("居場所づくり，相談窓口の開設", new[] { "居場所づくり", "相談窓口の開設" })]
    [InlineData("その他（交流、仲間づくり）、居場所づくり", new[] { "その他(交流、仲間づくり)", "居場所づくり" })]
    [InlineData(" , 、", new string[0])]
    public void Multiple_choice_cells_split_on_the_separators_forms_use(string cell, string[] expected) =>
        Assert.Equal(expected, AnswerInterpreter.SplitOptions(cell));

    [Theory]
    [InlineData("特定非営利活動法人のぼりべつ子ども食堂ネット", "NPO法人 のぼりべつ子ども食堂ネット")]
    [InlineData("特定非営利活動法人のぼりべつ子ども食堂ネット", "ＮＰＯ法人　のぼりべつ子ども食堂ネット")]
    [InlineData("NPO法人 ノボリベツ子ども食堂ネット", "のぼりべつ子ども食堂ネット")]
    public void Names_match_without_their_legal_form_words(string a, string b) =>
        Assert.Equal(OrganizationNames.Key(a), OrganizationNames.Key(b));

    [Fact]
    public void Different_names_keep_different_keys() =>
        Assert.NotEqual(OrganizationNames.Key("NPO法人 のぼりべつ子ども食堂ネット"), OrganizationNames.Key("NPO法人 だて子ども食堂ネット"));

    [Fact]
    public void The_data_hash_is_stable_and_sensitive()
    {
        var a = new Domain.Surveys.SurveyAnswerData { OrganizationName = "x", ActivityTypes = ["ibasho"] };
        var b = a with { ActivityTypes = ["ibasho"] };
        var c = a with { ActivityTypes = ["consultation"] };
        Assert.Equal(AnswerImporter.Hash(a), AnswerImporter.Hash(b));
        Assert.NotEqual(AnswerImporter.Hash(a), AnswerImporter.Hash(c));
    }
}
