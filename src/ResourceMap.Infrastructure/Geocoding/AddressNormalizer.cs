using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ResourceMap.Domain.Text;

namespace ResourceMap.Infrastructure.Geocoding;

/// <summary>
/// Brings a Japanese address into the form the gazetteer writes: NFKC (full-width digits and letters folded), no
/// spaces, one kind of hyphen, and 丁目 and 条 numbers as kanji numerals (1丁目 / １丁目 / 1-2-3 → 一丁目, 北5条 → 北五条),
/// because the Geolonia gazetteer spells towns 幌別町一丁目 and 北五条西三丁目. Spellings people mix freely are folded
/// to one key on both sides (address and gazetteer): 旧字体 to 新字体 (澤 → 沢, 條 → 条), and the linking kana between
/// two kanji (霞が関 / 霞ヶ関 / 霞ケ関, 一の瀬 / 一ノ瀬). Prefecture and 郡 are handled by the municipality match.
/// </summary>
public static partial class AddressNormalizer
{
    public static readonly IReadOnlyList<string> Prefectures =
    [
        "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県",
        "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県",
        "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県",
        "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
    ];

    /// <summary>The whole normalisation, for display and for the municipality match.</summary>
    public static string Normalize(string? address)
    {
        if (string.IsNullOrWhiteSpace(address)) return "";
        var text = PostalCode().Replace(Fold(address), "");
        text = DigitsBeforeChome().Replace(text, m => ToKanji(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)) + m.Groups[2].Value);
        // 幌別町1-5-3: the first number of a hyphenated block after a town name is its 丁目. If the town has no
        // 丁目, the longest-prefix town match still falls back to the town itself.
        if (!text.Contains("丁目", StringComparison.Ordinal))
            text = HyphenatedChome().Replace(text, m => m.Groups[1].Value + ToKanji(int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)) + "丁目", 1);
        return text;
    }

    /// <summary>Splits a leading prefecture off a normalised address (北海道 is usually omitted, so it is optional).</summary>
    public static (string? Prefecture, string Remainder) SplitPrefecture(string normalized)
    {
        foreach (var prefecture in Prefectures)
            if (normalized.StartsWith(prefecture, StringComparison.Ordinal)) return (prefecture, normalized[prefecture.Length..]);
        return (null, normalized);
    }

    /// <summary>The gazetteer's town name as a key: folded like an address, without the 大字 / 字 prefix.</summary>
    public static string TownKey(string town) => StripAza(Fold(town));

    /// <summary>A municipality as written in addresses, with and without its 郡 (虻田郡洞爺湖町 → 洞爺湖町).</summary>
    public static IEnumerable<string> MunicipalityKeys(string municipality)
    {
        var key = Fold(municipality);
        yield return key;
        var gun = key.IndexOf('郡');
        if (gun > 0 && gun < key.Length - 1) yield return key[(gun + 1)..];
    }

    public static string StripAza(string text) =>
        text.StartsWith("大字", StringComparison.Ordinal) ? text[2..] : text.StartsWith('字') ? text[1..] : text;

    /// <summary>Kanji numeral as the gazetteer writes 丁目 numbers: 1 → 一, 10 → 十, 12 → 十二, 20 → 二十.</summary>
    public static string ToKanji(int n)
    {
        const string digits = "〇一二三四五六七八九";
        if (n <= 0 || n >= 100) return n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (n < 10) return digits[n].ToString();
        var tens = n / 10;
        var ones = n % 10;
        return (tens == 1 ? "" : digits[tens].ToString()) + "十" + (ones == 0 ? "" : digits[ones].ToString());
    }

    private static string Fold(string text)
    {
        var nfkc = JapaneseText.Nfkc(text);
        var builder = new StringBuilder(nfkc.Length);
        foreach (var c in nfkc)
        {
            if (char.IsWhiteSpace(c)) continue;
            builder.Append(c switch
            {
                '‐' or '‑' or '‒' or '–' or '—' or '―' or '−' => '-',
                _ => JapaneseVariants.NewForm(c),
            });
        }
        // The long-vowel mark between digits is a hyphen typed with the kana keyboard (1ー2ー3).
        var folded = KanaDashBetweenDigits().Replace(builder.ToString(), "-");
        // Linking kana between kanji: が ガ ケ ヶ ヵ → ケ, の ノ → ノ (霞が関 = 霞ヶ関, 一の瀬 = 一ノ瀬).
        folded = LinkingGa().Replace(folded, "ケ");
        return LinkingNo().Replace(folded, "ノ");
    }

    [GeneratedRegex(@"(?<=\p{IsCJKUnifiedIdeographs}|々)[がガケヶヵ](?=\p{IsCJKUnifiedIdeographs})")]
    private static partial Regex LinkingGa();

    [GeneratedRegex(@"(?<=\p{IsCJKUnifiedIdeographs}|々)[のノ](?=\p{IsCJKUnifiedIdeographs})")]
    private static partial Regex LinkingNo();

    [GeneratedRegex(@"^〒?\d{3}-?\d{4}")]
    private static partial Regex PostalCode();

    [GeneratedRegex(@"(?<=\d)[ーｰ](?=\d)")]
    private static partial Regex KanaDashBetweenDigits();

    [GeneratedRegex(@"(\d{1,2})(丁目|条)")]
    private static partial Regex DigitsBeforeChome();

    [GeneratedRegex(@"([^\d\-])(\d{1,2})-(?=\d)")]
    private static partial Regex HyphenatedChome();
}
