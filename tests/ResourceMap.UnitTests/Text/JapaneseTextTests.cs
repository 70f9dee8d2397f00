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

    /// <summary>
    /// The fast path must never answer differently from ICU: every BMP character alone, after a letter and before
    /// each combining sound mark (which composes with kana) is compared with string.Normalize.
    /// </summary>
    [Fact]
    public void Nfkc_agrees_with_ICU_for_every_character_and_its_neighbours()
    {
        var differing = new List<string>();
        for (var code = 0; code <= 0xFFFF; code++)
        {
            if (code is >= 0xD800 and <= 0xDFFF) continue;
            var c = (char)code;
            foreach (var text in new[] { c.ToString(), "a" + c, c + "\u3099", c + "\u309A", c + "\uFF9E", c + "\u0301" })
            {
                string Outcome(Func<string> normalize)
                {
                    try { return normalize(); }
                    catch (ArgumentException) { return "(refused: not a valid code point)"; } // U+FFFE and the other noncharacters
                }
                if (Outcome(() => JapaneseText.Nfkc(text)) != Outcome(() => text.Normalize(System.Text.NormalizationForm.FormKC)))
                    differing.Add($"U+{code:X4} in '{text}'");
            }
        }
        Assert.Empty(differing);
    }

    [Fact]
    public void Nfkc_still_folds_what_needs_folding()
    {
        Assert.Equal("NPO法人 カタカナ 123", JapaneseText.Nfkc("ＮＰＯ法人\u3000ｶﾀｶﾅ １２３"));
        Assert.Equal("が", JapaneseText.Nfkc("か\u3099"));
    }

    [Fact]
    public void LowerInvariant_agrees_with_ToLowerInvariant_for_every_character()
    {
        var differing = new List<string>();
        for (var code = 0; code <= 0xFFFF; code++)
        {
            if (code is >= 0xD800 and <= 0xDFFF) continue;
            var c = (char)code;
            foreach (var text in new[] { c.ToString(), "Aあ" + c, "漢" + c + "Z" })
                if (!string.Equals(JapaneseText.LowerInvariant(text), text.ToLowerInvariant(), StringComparison.Ordinal)) differing.Add($"U+{code:X4} in '{text}'");
        }
        Assert.Empty(differing);
    }
}
