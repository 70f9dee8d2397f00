using ResourceMap.Domain.Directory;

namespace ResourceMap.UnitTests.Directory;

public class CorporateNumberTests
{
    [Theory]
    [InlineData("7000012050002")] // 国税庁's own published number
    [InlineData("７０００－０１２０５０００２")]
    [InlineData("7000-01-205-0002")]
    public void A_valid_number_is_accepted_and_normalised(string input)
    {
        Assert.True(CorporateNumber.TryParse(input, out var number, out var error), error);
        Assert.Equal("7000012050002", number.Value);
    }

    [Theory]
    [InlineData("1000012050002", "check digit")]
    [InlineData("700001205000", "13 digits")]
    [InlineData("70000120500021", "13 digits")]
    [InlineData("", "13 digits")]
    public void An_invalid_number_is_refused_with_a_reason(string input, string reason)
    {
        Assert.False(CorporateNumber.TryParse(input, out _, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void The_check_digit_is_nine_minus_the_weighted_sum_mod_nine()
    {
        // 12 base digits all 1: weights alternate 1,2 from the right → sum 18 → 18 mod 9 = 0 → check 9.
        Assert.Equal('9', CorporateNumber.ComputeCheckDigit("111111111111"));
        Assert.Equal('9', CorporateNumber.ComputeCheckDigit("000000000000"));
    }
}
