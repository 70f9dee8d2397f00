using System.Collections.Concurrent;
using PublicHoliday;

namespace ResourceMap.Infrastructure.Calendar;

/// <summary>
/// Japan's public holidays (国民の祝日, 振替休日 and 国民の休日) for the "holiday" opening hours.
/// The happy-Monday rules come from the PublicHoliday package (JapanPublicHoliday). Its own year lists cannot be used
/// as they are: a holiday that falls on a Sunday appears only as its substitute Monday, and 国民の休日 is missing
/// (2026-09-22), so the Act on National Holidays is applied here to the fixed dates, the equinoxes and those Mondays.
/// Every date the package lists is among ours (checked by the tests for 2022–2050; later, its equinox forecast and ours part, 2076-09-23 against 09-22). Valid range: 2022–2050 — the
/// one-off moves of 2019–2021 (enthronement, Olympic Games) are not modelled, and equinox days are the astronomical
/// forecast that the Cabinet confirms each February for the following year.
/// </summary>
public static class JapanesePublicHolidays
{
    public const int FirstYear = 2022;
    public const int LastYear = 2050;

    /// <summary>Holidays on a fixed day of the year under the Act as amended in 2018 (in force from 2020).</summary>
    private static readonly (int Month, int Day)[] FixedDates =
        [(1, 1), (2, 11), (2, 23), (4, 29), (5, 3), (5, 4), (5, 5), (8, 11), (11, 3), (11, 23)];

    private static readonly ConcurrentDictionary<int, HashSet<DateOnly>> Years = new();

    public static bool IsHoliday(DateOnly date) => HolidaysOf(date.Year).Contains(date);

    public static IReadOnlyCollection<DateOnly> HolidaysOf(int year) => Years.GetOrAdd(year, Compute);

    /// <summary>The equinox days by the usual approximation of the astronomical forecast (valid 1980–2099).</summary>
    private static HashSet<DateOnly> EquinoxDays(int year)
    {
        var offset = 0.242194 * (year - 1980) - Math.Floor((year - 1980) / 4.0);
        return [new DateOnly(year, 3, (int)Math.Floor(20.8431 + offset)), new DateOnly(year, 9, (int)Math.Floor(23.2488 + offset))];
    }

    private static HashSet<DateOnly> Compute(int year)
    {
        // 国民の祝日: the fixed dates, the equinoxes and the happy Mondays (from the package's rules).
        var national = new HashSet<DateOnly>(EquinoxDays(year));
        foreach (var (month, day) in FixedDates) national.Add(new DateOnly(year, month, day));
        national.Add(DateOnly.FromDateTime(JapanPublicHoliday.ComingOfAgeDay(year)));
        national.Add(DateOnly.FromDateTime(JapanPublicHoliday.MarineDay(year)));
        national.Add(DateOnly.FromDateTime(JapanPublicHoliday.RespectForTheAgedDay(year)));
        national.Add(DateOnly.FromDateTime(JapanPublicHoliday.HealthAndSportsDay(year)));
        var holidays = new HashSet<DateOnly>(national);
        foreach (var day in national.Where(d => d.DayOfWeek == DayOfWeek.Sunday).Order())
        {
            // 振替休日: the next day that is not a national holiday (5-3 on a Sunday → 5-6).
            var substitute = day.AddDays(1);
            while (national.Contains(substitute)) substitute = substitute.AddDays(1);
            holidays.Add(substitute);
        }
        foreach (var day in national)
        {
            // 国民の休日: a day whose previous and next days are both national holidays.
            var between = day.AddDays(1);
            if (!national.Contains(between) && national.Contains(between.AddDays(1)) && between.DayOfWeek != DayOfWeek.Sunday)
                holidays.Add(between);
        }
        return holidays;
    }
}
