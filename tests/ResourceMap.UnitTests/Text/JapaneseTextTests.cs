using ResourceMap.Domain.Text;

namespace ResourceMap.UnitTests.Text;

public class JapaneseTextTests
{
    [Theory]
    [InlineData("　ＮＰＯ法人　　のぼりべつ ", "NPO法人 のぼりべつ")]
    [InlineData("ｶﾀｶﾅ１２３", "カタカナ123")]
    [InlineData(null, "")]
    public void Clean_applies_NFKC_and_collapses_spaces(string? input, string expected) =>
        Assert.Equal(expected, JapaneseText.Clean(input));

    [Fact]
    public void Search_keys_fold_katakana_to_hiragana_width_and_case()
    {
        Assert.Equal(JapaneseText.SearchKey("こどもしょくどう"), JapaneseText.SearchKey("コドモショクドウ"));
        Assert.Equal(JapaneseText.SearchKey("npo"), JapaneseText.SearchKey("ＮＰＯ"));
        Assert.Equal("こどもの居場所", JapaneseText.SearchKey("コドモ の 居場所"));
    }

    [Fact]
    public void Several_fields_are_joined_without_bridging_them() =>
        Assert.Equal("あ い", JapaneseText.SearchKey("ア", null, "イ"));
}
