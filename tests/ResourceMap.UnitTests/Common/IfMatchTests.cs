using ResourceMap.Api.Common;
using ResourceMap.Api.Hosting;

namespace ResourceMap.UnitTests.Common;

public class IfMatchTests
{
    private const string Current = "\"42\"";

    [Theory]
    [InlineData(null, true)]                       // absent: the write goes ahead
    [InlineData("*", true)]                        // any current representation
    [InlineData("\"42\"", true)]
    [InlineData("\"41\", \"42\"", true)]           // a list: any tag may match
    [InlineData("\"41\",\"42\",\"43\"", true)]
    [InlineData("W/\"42\"", false)]                // strong comparison: a weak tag never matches
    [InlineData("W/\"42\", \"41\"", false)]
    [InlineData("\"41\"", false)]
    [InlineData("42", false)]                      // not an entity tag
    [InlineData("\"42\", *", false)]               // * is not part of a list
    public void Matches_per_RFC_9110(string? header, bool matches)
    {
        var ifMatch = IfMatch.Parse(header is null ? [] : [header]);
        Assert.Equal(matches, ifMatch.Matches(Current));
    }

    [Fact]
    public void Several_If_Match_header_lines_form_one_list() =>
        Assert.True(IfMatch.Parse(["\"1\"", "\"42\""]).Matches(Current));
}

public class TextRulesTests
{
    public static TheoryData<string, bool> Texts => new()
    {
        { "登別の居場所", true },
        { "一行目\n二行目\tタブ", true },              // descriptions may break lines
        { "😀 絵文字", true },                         // a surrogate pair is fine
        { "a\0b", false },
        { "a\u0007b", false },
        { "a\u009Fb", false },
    };

    [Fact]
    public void Lone_surrogates_are_refused_and_pairs_accepted()
    {
        // Built here: theory arguments travel as UTF-8, which cannot carry a lone surrogate.
        Assert.NotNull(TextRules.Problem(new string(['a', (char)0xD800, 'b'])));
        Assert.NotNull(TextRules.Problem(new string(['a', (char)0xDC00])));
        Assert.NotNull(TextRules.Problem(new string([(char)0xD83D])));
        Assert.NotNull(TextRules.Problem(new string([(char)0xDE00, (char)0xD83D])));
        Assert.Null(TextRules.Problem(new string([(char)0xD83D, (char)0xDE00])));
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Stored_text_has_no_NUL_control_characters_or_lone_surrogates(string text, bool accepted) =>
        Assert.Equal(accepted, TextRules.Problem(text) is null);

    [Theory]
    [InlineData("NPO法人 しらおい", true)]
    [InlineData("名前\n改行", false)]
    [InlineData("名前\tタブ", false)]
    public void Names_are_one_line(string name, bool accepted) => Assert.Equal(accepted, TextRules.IsSingleLine(name));
}
