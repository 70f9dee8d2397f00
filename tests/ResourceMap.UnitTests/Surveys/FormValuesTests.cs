using ResourceMap.Api.Surveys;

namespace ResourceMap.UnitTests.Surveys;

public class FormValuesTests
{
    [Theory]
    [InlineData("2024/02/06 10:15:00", "2024-02-06T10:15:00+09:00")]
    [InlineData("2/6/2024 10:15:00", "2024-02-06T10:15:00+09:00")]
    [InlineData("2024-02-06T01:15:00Z", "2024-02-06T01:15:00+00:00")]
    [InlineData("2024-02-06T10:15:00+09:00", "2024-02-06T10:15:00+09:00")]
    [InlineData("2024年2月6日 10:15", "2024-02-06T10:15:00+09:00")]
    [InlineData("２０２４年２月６日　１０時１５分", "2024-02-06T10:15:00+09:00")]
    [InlineData("2024年2月6日", "2024-02-06T00:00:00+09:00")]
    [InlineData("令和6年2月6日 10:15", "2024-02-06T10:15:00+09:00")]
    [InlineData("令和元年5月1日", "2019-05-01T00:00:00+09:00")]
    [InlineData("平成31年4月30日", "2019-04-30T00:00:00+09:00")]
    [InlineData("45328.4270833333", "2024-02-06T10:15:00+09:00")]
    [InlineData("2/6/24 10:15", "2024-02-06T10:15:00+09:00")]
    [InlineData("2/6/2024 3:15:00 PM", "2024-02-06T15:15:00+09:00")]
    [InlineData("2024/02/06 午後 3:15:00", "2024-02-06T15:15:00+09:00")]
    [InlineData("2024/2/6 午前10:15", "2024-02-06T10:15:00+09:00")]
    [InlineData("2024年2月6日 午後3:15", "2024-02-06T15:15:00+09:00")]
    public void Timestamps_are_read_as_forms_and_staff_write_them(string cell, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), FormValues.ReadTimestamp(cell));

    [Theory]
    [InlineData("")]
    [InlineData("先週")]
    [InlineData("12")]
    [InlineData("2024年13月1日")]
    public void What_is_not_a_timestamp_is_null(string cell) => Assert.Null(FormValues.ReadTimestamp(cell));

    [Theory]
    [InlineData("はい", true)]
    [InlineData("有", true)]
    [InlineData("○", true)]
    [InlineData("行っている", true)]
    [InlineData("該当する", true)]
    [InlineData("はい（週1回）", true)]
    [InlineData("はい、月に2回", true)]
    [InlineData("YES", true)]
    [InlineData("いいえ", false)]
    [InlineData("無し", false)]
    [InlineData("×", false)]
    [InlineData("行っていない", false)]
    [InlineData("該当しない", false)]
    [InlineData("いいえ（予定あり）", false)]
    [InlineData("わからない", null)]
    [InlineData("検討中", null)]
    public void Yes_and_no_are_read_in_their_written_forms(string cell, bool? expected) => Assert.Equal(expected, FormValues.ReadYesNo(cell));
}
