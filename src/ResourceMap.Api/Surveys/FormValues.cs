using System.Globalization;
using System.Text.RegularExpressions;
using ResourceMap.Domain.Text;

namespace ResourceMap.Api.Surveys;

/// <summary>
/// How form tools and staff write a timestamp or a yes/no answer, read into a value: the rules the interpreter applies
/// to every such cell, apart so that each is written once.
/// </summary>
public static partial class FormValues
{
    private static readonly TimeSpan JapanTime = TimeSpan.FromHours(9);
    private static readonly HashSet<string> Unticked = ["", "0", "false", "いいえ", "no", "×", "x", "-", "ー", "なし", "無", "未選択"];
    private static readonly HashSet<string> Ticks = ["1", "true", "○", "〇", "◯", "●", "✓", "✔", "☑", "レ", "v", "はい", "yes", "該当", "あり", "有"];

    /// <summary>A cell of a one-column-per-option question that ticks its option (○, ●, ✓, 1, はい …).</summary>
    public static bool IsTick(string cell) => Ticks.Contains(JapaneseText.LowerInvariant(JapaneseText.Clean(cell)));

    /// <summary>A cell of a one-column-per-option question that leaves its option unticked (empty, ×, 0, いいえ …).</summary>
    public static bool IsUnticked(string cell) => Unticked.Contains(JapaneseText.LowerInvariant(JapaneseText.Clean(cell)));

    private static readonly string[] TimestampFormats =
    [
        "yyyy/MM/dd H:mm:ss", "yyyy/MM/dd H:mm", "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy/MM/dd", "yyyy/M/d", "yyyy-MM-dd", "M/d/yyyy H:mm:ss", "M/d/yyyy H:mm", "yyyy/MM/dd H:mm:ss 'GMT'zzz",
        "M/d/yyyy h:mm:ss tt", "M/d/yyyy h:mm tt", "M/d/yy H:mm:ss", "M/d/yy H:mm", "M/d/yy h:mm:ss tt", "M/d/yy h:mm tt",
        "yyyy/M/d h:mm:ss tt", "yyyy/M/d h:mm tt",
        "yyyy年M月d日 H:mm:ss", "yyyy年M月d日 H:mm", "yyyy年M月d日H:mm", "yyyy年M月d日 H時m分s秒", "yyyy年M月d日 H時m分", "yyyy年M月d日H時m分", "yyyy年M月d日",
        "yyyy年M月d日 h:mm:ss tt", "yyyy年M月d日 h:mm tt",
    ];

    /// <summary>
    /// A form's or a sheet's timestamp, read as Japan time unless it states its offset: Google (2024/02/06 10:15:00),
    /// Microsoft (2/6/2024 10:15:00, 2/6/24 10:15, 2/6/2024 10:15:00 AM), a clock with 午前/午後, ISO 8601 with an offset or Z, 2024年2月6日 10時15分, the Japanese era
    /// (令和6年2月6日, 平成31年), and the day number a date becomes in a CSV saved from a number-formatted Excel column
    /// (45328.427…). Null when it is none of these.
    /// </summary>
    public static DateTimeOffset? ReadTimestamp(string cell)
    {
        var text = JapaneseText.Clean(cell);
        if (text.Length == 0) return null;
        if (OffsetStated().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var stated))
            return stated;
        text = TwelveHourClock(WesternYear(text));
        if (DateTime.TryParseExact(text, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local))
            return new DateTimeOffset(local, JapanTime);
        // Excel's day numbers: 1990-01-01 is 32874, 2100-01-01 is 73051; anything else is not a date Excel wrote.
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var day) && day is > 32874 and < 73051)
            return new DateTimeOffset(DateTime.FromOADate(day), JapanTime);
        return null;
    }

    /// <summary>令和6年 → 2024年, 平成31年 → 2019年, 令和元年 → 2019年 (元 is the first year of an era).</summary>
    private static string WesternYear(string text)
    {
        var era = EraYear().Match(text);
        if (!era.Success) return text;
        var year = era.Groups["year"].Value is "元" ? 1 : int.Parse(era.Groups["year"].Value, CultureInfo.InvariantCulture);
        var first = era.Groups["era"].Value switch { "令和" => 2019, "平成" => 1989, _ => 1926 };
        return string.Concat(text.AsSpan(0, era.Index), (first + year - 1).ToString(CultureInfo.InvariantCulture), "年", text.AsSpan(era.Index + era.Length));
    }

    /// <summary>2024/02/06 午後 3:15:00 → 2024/02/06 3:15:00 PM (Excel and Japanese Windows write the half of the day first).</summary>
    private static string TwelveHourClock(string text)
    {
        var clock = JapaneseHalfDay().Match(text);
        return clock.Success ? $"{text[..clock.Index]} {clock.Groups["time"].Value} {(clock.Groups["half"].Value == "午前" ? "AM" : "PM")}".Trim() : text;
    }

    [GeneratedRegex(@"\s*(?<half>午前|午後)\s*(?<time>\d{1,2}:\d{2}(?::\d{2})?)$")]
    private static partial Regex JapaneseHalfDay();

    [GeneratedRegex(@"(?:[+-]\d{2}:?\d{2}|Z)$")]
    private static partial Regex OffsetStated();

    [GeneratedRegex(@"(?<era>令和|平成|昭和)\s*(?<year>元|\d{1,2})\s*年")]
    private static partial Regex EraYear();

    private static readonly HashSet<string> Yes =
    [
        "はい", "あり", "有", "有り", "ある", "感じる", "感じている", "している", "行っている", "実施している", "該当", "該当する", "該当あり",
        "必要", "必要である", "yes", "y", "true", "1", "○", "〇", "◯", "✓", "✔",
    ];

    private static readonly HashSet<string> No =
    [
        "いいえ", "なし", "無", "無し", "ない", "感じない", "感じていない", "していない", "行っていない", "実施していない", "非該当", "該当しない",
        "該当なし", "不要", "必要ない", "必要でない", "no", "n", "false", "0", "×", "✕",
    ];

    /// <summary>
    /// A yes/no answer as forms and staff write it (はい / いいえ, 有 / 無, ○ / ×, 行っている / 行っていない …), also with a
    /// note after it in brackets or after 、 (はい（週1回）); null when it is neither.
    /// </summary>
    public static bool? ReadYesNo(string cell)
    {
        var text = JapaneseText.LowerInvariant(JapaneseText.Clean(cell));
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (Yes.Contains(text)) return true;
            if (No.Contains(text)) return false;
            var note = text.IndexOfAny(['(', '、', ',', ' ', ':']);
            if (note <= 0) break;
            text = text[..note].TrimEnd();
        }
        return null;
    }
}
