using ResourceMap.Domain.Directory;

namespace ResourceMap.Api.Common;

/// <summary>Weekly opening periods as Japanese text (月曜日 10:00〜16:00), shared by the HSDS schedules and the office exports.</summary>
public static class OpeningHoursText
{
    private static readonly Dictionary<string, string> DayNames = new()
    {
        ["mon"] = "月曜日", ["tue"] = "火曜日", ["wed"] = "水曜日", ["thu"] = "木曜日", ["fri"] = "金曜日",
        ["sat"] = "土曜日", ["sun"] = "日曜日", ["holiday"] = "祝日",
    };

    /// <summary>RFC 5545 BYDAY values; public holidays have none (an RRULE cannot name them).</summary>
    public static readonly IReadOnlyDictionary<string, string> ByDay = new Dictionary<string, string>
    {
        ["mon"] = "MO", ["tue"] = "TU", ["wed"] = "WE", ["thu"] = "TH", ["fri"] = "FR", ["sat"] = "SA", ["sun"] = "SU",
    };

    public static string DayJa(string day) => DayNames.GetValueOrDefault(day, day);

    /// <summary>One period: 金曜日 20:00〜翌02:00 (翌 marks a period that runs past midnight).</summary>
    public static string PeriodJa(OpeningPeriod period) =>
        $"{DayJa(period.Day)} {period.Opens:HH\\:mm}〜{(period.CrossesMidnight ? "翌" : "")}{period.Closes:HH\\:mm}";

    /// <summary>All periods, in week order, joined with 、; the notes follow in brackets.</summary>
    public static string WeekJa(IEnumerable<OpeningPeriod> hours, string? notes)
    {
        var text = string.Join("、", hours.OrderBy(h => OpeningPeriod.Days.ToList().IndexOf(h.Day)).ThenBy(h => h.Opens).Select(PeriodJa));
        if (string.IsNullOrWhiteSpace(notes)) return text;
        return text.Length == 0 ? notes.Trim() : $"{text}（{notes.Trim()}）";
    }
}
