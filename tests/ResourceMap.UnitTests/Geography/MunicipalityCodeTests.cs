using ResourceMap.Domain.Geography;

namespace ResourceMap.UnitTests.Geography;

public class MunicipalityCodeTests
{
    [Theory]
    [InlineData("01230", "012301")] // 登別市
    [InlineData("01205", "012050")] // 室蘭市
    [InlineData("13101", "131016")] // 千代田区
    [InlineData("47382", "473821")] // 与那国町
    [InlineData("01101", "011011")] // 札幌市中央区 (ward codes carry check digits too)
    public void The_official_code_appends_the_check_digit(string code, string official) =>
        Assert.Equal(official, MunicipalityCode.Parse(code).Official);

    [Fact]
    public void A_six_digit_code_with_the_right_check_digit_parses_to_its_five_digits()
    {
        Assert.True(MunicipalityCode.TryParse("012301", out var code, out _));
        Assert.Equal("01230", code.Value);
        Assert.Equal("01", code.PrefectureCode);
    }

    [Theory]
    [InlineData("012302", "check digit")]
    [InlineData("1230", "5 digits")]
    [InlineData("0123a", "5 digits")]
    [InlineData("48001", "prefecture")]
    [InlineData("00001", "prefecture")]
    [InlineData(null, "5 digits")]
    public void Bad_codes_are_refused_with_a_reason(string? input, string reason)
    {
        Assert.False(MunicipalityCode.TryParse(input, out _, out var error));
        Assert.Contains(reason, error);
    }
}
