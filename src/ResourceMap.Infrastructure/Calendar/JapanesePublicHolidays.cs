using System.Collections.Concurrent;
using PublicHoliday;

namespace ResourceMap.Infrastructure.Calendar;

/// <summary>
/// Japan's public holidays (国民の祝日, 振替休日 and 国民の休日) for the "holiday" opening hours.
/// The dates come from the PublicHoliday package (JapanPublicHoliday: happy Mondays, equinox days, observed dates),
/// which lists a holiday that falls on a Sunday only by its substitute Monday and knows no 国民の休日; the two rules of
/// the Act on National Holidays it leaves out are applied here: the Sunday itself stays a holiday, and a day between
/// two national holidays is one too (2026-09-22). Valid range: 2022–2099 — the one-off moves of 2019–2021 (enthronement,
/// Olympic Games) are not modelled, and equinox days are the astronomical forecast the Cabinet confirms each February.
/// </summary>
public static class JapanesePublicHolidays
{
    public const int FirstYear = 2022;
    public const int LastYear = 2099;

    /// <summary>Holidays on a fixed day of the year under the Act as amended in 2018 (in force from 2020).</summary>
    private static readonly (int Month, int Day)[] FixedDates =
        [(1, 1), (2, 11), (2, 23), (4, 29), (5, 3), (5, 4), (5, 5), (8, 11), (11, 3), (11, 23)];

    private static readonly JapanPublicHoliday Source = new();
    private static readonly ConcurrentDictionary<int, HashSet<DateOnly>> Years = new();

    public static bool IsHoliday(DateOnly date) => HolidaysOf(date.Year).Contains(date);

    public static IReadOnlyCollection<DateOnly> HolidaysOf(int year) => Years.GetOrAdd(year, Compute);

    /// <summary>
    /// The equinox days by the usual approximation (valid 1980–2099), only to tell an equinox that falls on a Monday
    /// from the substitute of one that fell on a Sunday: the source lists both as that Monday.
    /// </summary>
    private static HashSet<DateOnly> EquinoxDays(int year)
    {
        var offset = 0.242194 * (year - 1980) - Math.Floor((year - 1980) / 4.0);
        return [new DateOnly(year, 3, (int)Math.Floor(20.8431 + offset)), new DateOnly(year, 9, (int)Math.Floor(23.2488 + offset))];
    }

    private static HashSet<DateOnly> Compute(int year)
    {
        var observed = Source.PublicHolidays(year).Select(DateOnly.FromDateTime).ToHashSet();
        var happyMondays = new[]
        {
            JapanPublicHoliday.ComingOfAgeDay(year), JapanPublicHoliday.MarineDay(year),
            JapanPublicHoliday.RespectForTheAgedDay(year), JapanPublicHoliday.HealthAndSportsDay(year),
        }.Select(DateOnly.FromDateTime).ToHashSet();
        var equinoxes = EquinoxDays(year);
        bool IsFixed(DateOnly d) => FixedDates.Contains((d.Month, d.Day)) || equinoxes.Contains(d);
        // A listed Monday that is neither a fixed date nor a happy Monday, after a Sunday: the substitute of that Sunday.
        bool IsSubstitute(DateOnly d) => observed.Contains(d) && !IsFixed(d) && !happyMondays.Contains(d)
                                         && d.AddDays(-1).DayOfWeek == DayOfWeek.Sunday;

        var national = new HashSet<DateOnly>();
        for (var day = new DateOnly(year, 1, 1); day.Year == year; day = day.AddDays(1))
        {
            if (IsFixed(day) || happyMondays.Contains(day) || (observed.Contains(day) && !IsSubstitute(day))) national.Add(day);
            // The Sunday whose substitute the source lists instead of it (e.g. the autumn equinox on 2024-09-22).
            else if (day.DayOfWeek == DayOfWeek.Sunday && IsSubstitute(day.AddDays(1))) national.Add(day);
        }
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
