using ResourceMap.Infrastructure.Calendar;

namespace ResourceMap.UnitTests.Calendar;

public class JapanesePublicHolidaysTests
{
    /// <summary>The Cabinet Office's published lists (国民の祝日・休日), substitute and citizens' holidays included.</summary>
    public static TheoryData<int, string> Official => new()
    {
        { 2024, "01-01 01-08 02-11 02-12 02-23 03-20 04-29 05-03 05-04 05-05 05-06 07-15 08-11 08-12 09-16 09-22 09-23 10-14 11-03 11-04 11-23" },
        { 2025, "01-01 01-13 02-11 02-23 02-24 03-20 04-29 05-03 05-04 05-05 05-06 07-21 08-11 09-15 09-23 10-13 11-03 11-23 11-24" },
        { 2026, "01-01 01-12 02-11 02-23 03-20 04-29 05-03 05-04 05-05 05-06 07-20 08-11 09-21 09-22 09-23 10-12 11-03 11-23" },
        { 2027, "01-01 01-11 02-11 02-23 03-21 03-22 04-29 05-03 05-04 05-05 07-19 08-11 09-20 09-23 10-11 11-03 11-23" },
    };

    [Theory]
    [MemberData(nameof(Official))]
    public void The_year_matches_the_official_calendar(int year, string dates)
    {
        var expected = dates.Split(' ').Select(d => DateOnly.ParseExact($"{year}-{d}", "yyyy-MM-dd")).Order().ToList();
        Assert.Equal(expected, JapanesePublicHolidays.HolidaysOf(year).Order().ToList());
    }

    [Fact]
    public void Every_date_the_package_lists_is_a_holiday_here()
    {
        var package = new PublicHoliday.JapanPublicHoliday();
        for (var year = JapanesePublicHolidays.FirstYear; year <= JapanesePublicHolidays.LastYear; year++)
        {
            var ours = JapanesePublicHolidays.HolidaysOf(year);
            foreach (var date in package.PublicHolidays(year).Select(DateOnly.FromDateTime))
                Assert.True(ours.Contains(date), $"{date:yyyy-MM-dd} is listed by the package but not here");
        }
    }

    [Fact]
    public void An_equinox_on_a_Monday_is_the_holiday_itself_not_a_substitute()
    {
        // 2030-09-23 is a Monday equinox: the Sunday before is an ordinary Sunday.
        Assert.True(JapanesePublicHolidays.IsHoliday(new DateOnly(2030, 9, 23)));
        Assert.False(JapanesePublicHolidays.IsHoliday(new DateOnly(2030, 9, 22)));
        Assert.False(JapanesePublicHolidays.IsHoliday(new DateOnly(2030, 9, 24)));
    }
}
