using ResourceMap.Api.Surveys;
using ResourceMap.Domain.Directory;

namespace ResourceMap.UnitTests.Surveys;

public class TargetMatcherTests
{
    private static readonly MatchTarget Shokudo = new(Guid.NewGuid(), "特定非営利活動法人だて地域食堂", "トクテイヒエイリカツドウホウジンダテチイキショクドウ", "01233", "7010401022916", "npo");
    private static readonly MatchTarget Salon = new(Guid.NewGuid(), "特定非営利活動法人だてふれあいサロン", null, "01233", "5816457786208", "npo");
    private static readonly MatchTarget TwinA = new(Guid.NewGuid(), "特定非営利活動法人ひまわり会", "ヒマワリカイ", "01230", null, "npo");
    private static readonly MatchTarget TwinB = new(Guid.NewGuid(), "特定非営利活動法人ひまわり会", "ヒマワリノカイ", "01230", null, "npo");

    private static TargetMatcher Matcher(Dictionary<string, Guid>? resolutions = null) =>
        new([Shokudo, Salon, TwinA, TwinB], resolutions ?? new Dictionary<string, Guid>());

    private static CorporateNumberCell Number(string cell) => CorporateNumberCell.Read(cell);

    [Fact]
    public void The_corporate_number_matches_when_the_name_does_not_contradict_it()
    {
        var match = Matcher().Match("NPO法人 だて地域食堂", null, null, Number("T7010401022916"), "01233");
        Assert.Equal(("matched", "corporate_number", Shokudo.Id), (match.Status, match.By, match.TargetId));
    }

    [Fact]
    public void Name_and_number_of_different_targets_go_to_review_with_both()
    {
        var match = Matcher().Match("だて地域食堂", null, null, Number("5816457786208"), "01233");
        Assert.Equal("needs_review", match.Status);
        Assert.Contains(match.Candidates, c => c.TargetId == Salon.Id && c.Reason == "corporate_number");
        Assert.Contains(match.Candidates, c => c.TargetId == Shokudo.Id && c.Reason == "same_name");
        Assert.Null(match.TargetId);
    }

    [Fact]
    public void A_same_named_corporation_of_another_legal_form_is_never_matched()
    {
        var withNumber = Matcher().Match("一般社団法人だて地域食堂", null, "general_incorporated_association", Number("9999999999998"[..12] + "0"), "01233");
        Assert.Equal("needs_review", withNumber.Status);
        var withoutNumber = Matcher().Match("一般社団法人だて地域食堂", null, null, Number(""), "01233");
        Assert.Equal("needs_review", withoutNumber.Status);
        Assert.Equal(Shokudo.Id, withoutNumber.Candidates.Single().TargetId);
    }

    [Fact]
    public void The_name_matches_with_a_compatible_legal_form()
    {
        var match = Matcher().Match("だて地域食堂（特非）", null, null, Number("なし"), "01233");
        Assert.Equal(("matched", "name_and_legal_form", Shokudo.Id), (match.Status, match.By, match.TargetId));
    }

    [Fact]
    public void A_number_mangled_by_Excel_sends_the_row_to_review_by_name()
    {
        var match = Matcher().Match("だて地域食堂", null, null, Number("7.0104E+12"), "01233");
        Assert.Equal("needs_review", match.Status);
        Assert.Equal(Shokudo.Id, match.Candidates.Single().TargetId);
    }

    [Fact]
    public void A_kana_reading_tells_same_named_targets_apart()
    {
        Assert.Equal("needs_review", Matcher().Match("ひまわり会", null, null, Number(""), "01230").Status);
        var match = Matcher().Match("ひまわり会", "ﾋﾏﾜﾘﾉｶｲ", null, Number(""), "01230");
        Assert.Equal(("matched", TwinB.Id), (match.Status, match.TargetId));
    }

    [Fact]
    public void Close_names_are_candidates_and_unknown_names_are_rejected()
    {
        var close = Matcher().Match("だて地域食堂の会", null, null, Number(""), "01233");
        Assert.Equal("needs_review", close.Status);
        Assert.Equal(Shokudo.Id, close.Candidates[0].TargetId);
        Assert.Equal("similar_name", close.Candidates[0].Reason);
        var unknown = Matcher().Match("札幌テスト協議会", null, null, Number(""), "01233");
        Assert.Equal("rejected", unknown.Status);
        Assert.NotNull(unknown.ReasonJa);
    }

    [Fact]
    public void A_resolution_decides_before_anything_else()
    {
        var key = Matcher().Match("ひまわり会", null, null, Number(""), "01230").MatchKey;
        var match = Matcher(new Dictionary<string, Guid> { [key] = TwinA.Id }).Match("ひまわり会", null, null, Number(""), "01230");
        Assert.Equal(("matched", "resolution", TwinA.Id), (match.Status, match.By, match.TargetId));
    }
}
