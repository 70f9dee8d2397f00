using System.Text;

namespace ResourceMap.Domain.Text;

/// <summary>An organisation name taken apart for comparison: the name itself and the legal form written around it.</summary>
/// <param name="Core">The comparable name: normalised, without legal-form words, brackets, spaces or middle dots.</param>
/// <param name="LegalForm">The legal_form code the name states (「特定非営利活動法人…」, 「…（NPO法人）」, 「㈱…」), or null.</param>
public readonly record struct OrganizationName(string Core, string? LegalForm);

/// <summary>
/// The one place where organisation names are normalised for matching survey answers to targets. People write the
/// same organisation as 「特定非営利活動法人だて地域食堂」, 「NPO法人 だて地域食堂」, 「だて地域食堂（特非）」 or in half-width
/// katakana, and old or variant kanji (髙/高, 﨑/崎) for the same name; all of them give the same <see cref="OrganizationName.Core"/>.
/// The legal form is kept apart, because the same name with another legal form is another organisation.
/// </summary>
public static class OrganizationNames
{
    // Longest first, so 認定特定非営利活動法人 is not read as 特定非営利活動法人 with a stray 認定. Matched after NFKC and lower case.
    private static readonly (string Word, string Code)[] LegalWords = new (string, string)[]
    {
        ("認定特定非営利活動法人", "certified_npo"), ("特定非営利活動法人", "npo"), ("認定npo法人", "certified_npo"), ("npo法人", "npo"),
        ("(認定npo)", "certified_npo"), ("(特非)", "npo"), ("(npo)", "npo"), ("特非", "npo"),
        ("一般社団法人", "general_incorporated_association"), ("(一社)", "general_incorporated_association"),
        ("一般財団法人", "general_incorporated_foundation"), ("(一財)", "general_incorporated_foundation"),
        ("公益社団法人", "public_interest_incorporated_association"), ("(公社)", "public_interest_incorporated_association"),
        ("公益財団法人", "public_interest_incorporated_foundation"), ("(公財)", "public_interest_incorporated_foundation"),
        ("社会福祉法人", "social_welfare_corporation"), ("(社福)", "social_welfare_corporation"), ("(福)", "social_welfare_corporation"),
        ("株式会社", "stock_company"), ("(株)", "stock_company"), ("合同会社", "godo_kaisha"), ("(同)", "godo_kaisha"),
        ("任意団体", "voluntary_group"),
    }.OrderByDescending(w => w.Item1.Length).ToArray();

    /// <summary>Old and variant forms of kanji that NFKC leaves alone, folded to the form registers usually print.</summary>
    private static readonly Dictionary<char, char> Variants = BuildVariants(
        "髙高 﨑崎 嵜崎 藝芸 會会 邊辺 邉辺 濵浜 濱浜 澤沢 齋斎 齊斉 德徳 國国 學学 與与 圓円 廣広 櫻桜 惠恵 榮栄 眞真 關関 黑黒 壽寿 " +
        "實実 驛駅 氣気 來来 淺浅 藏蔵 發発 縣県 舘館 冨富 﨔欅 槗橋 禮礼 靜静 萬万 佛仏 鐵鉄 絲糸 螢蛍 戶戸 户戸 曾曽 增増 團団 體体 靑青 淸清 舍舎 彌弥 步歩 勞労 聽聴 燈灯");

    // The readings of the legal forms, for kana columns: 「トクテイヒエイリカツドウホウジン…」 after folding to hiragana.
    private static readonly string[] LegalReadings =
    [
        "にんていとくていひえいりかつどうほうじん", "とくていひえいりかつどうほうじん", "にんていえぬぴーおーほうじん", "えぬぴーおーほうじん",
        "いっぱんしゃだんほうじん", "いっぱんざいだんほうじん", "こうえきしゃだんほうじん", "こうえきざいだんほうじん",
        "しゃかいふくしほうじん", "かぶしきがいしゃ", "かぶしきかいしゃ", "ごうどうがいしゃ", "ごうどうかいしゃ", "npoほうじん",
    ];

    public static OrganizationName Parse(string? name)
    {
        var text = Fold(name);
        string? form = null;
        foreach (var (word, code) in LegalWords)
        {
            var at = text.IndexOf(word, StringComparison.Ordinal);
            if (at < 0) continue;
            form ??= code;
            text = text.Remove(at, word.Length);
        }
        return new OrganizationName(Compact(text), form);
    }

    /// <summary>The comparable name alone (see <see cref="Parse"/>).</summary>
    public static string Key(string? name) => Parse(name).Core;

    /// <summary>A kana reading as it is compared: NFKC, katakana as hiragana, without spaces, dots or the legal form's reading.</summary>
    public static string KanaKey(string? kana)
    {
        var text = Fold(kana);
        foreach (var reading in LegalReadings) text = text.Replace(reading, "", StringComparison.Ordinal);
        return Compact(text);
    }

    /// <summary>
    /// Whether two legal forms can be the same organisation: equal, one of them unknown, or an NPO and a certified NPO
    /// (certification changes the name on the register, not the corporation).
    /// </summary>
    public static bool SameLegalForm(string? a, string? b) =>
        a is null || b is null || a == b || (IsNpo(a) && IsNpo(b));

    private static bool IsNpo(string code) => code is "npo" or "certified_npo";

    /// <summary>Dice coefficient of character bigrams of two cores, 0..1: how close two names are that are not equal.</summary>
    public static double Similarity(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0) return 0;
        if (a == b) return 1;
        if (a.Length == 1 || b.Length == 1) return a.Contains(b, StringComparison.Ordinal) || b.Contains(a, StringComparison.Ordinal) ? 0.5 : 0;
        var bigrams = new Dictionary<(char, char), int>();
        for (var i = 0; i + 1 < a.Length; i++) bigrams[(a[i], a[i + 1])] = bigrams.GetValueOrDefault((a[i], a[i + 1])) + 1;
        var shared = 0;
        for (var i = 0; i + 1 < b.Length; i++)
        {
            var key = (b[i], b[i + 1]);
            if (bigrams.TryGetValue(key, out var n) && n > 0)
            {
                shared++;
                bigrams[key] = n - 1;
            }
        }
        return 2.0 * shared / (a.Length - 1 + b.Length - 1);
    }

    /// <summary>NFKC (full-width letters and half-width katakana folded), lower case, variant kanji folded, katakana as hiragana.</summary>
    private static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var nfkc = JapaneseText.LowerInvariant(JapaneseText.Nfkc(text));
        var builder = new StringBuilder(nfkc.Length);
        foreach (var c in nfkc)
        {
            var folded = Variants.GetValueOrDefault(c, c);
            // Katakana ァ (U+30A1) .. ヶ (U+30F6) sit 0x60 above their hiragana counterparts.
            builder.Append(folded is >= '\u30A1' and <= '\u30F6' ? (char)(folded - 0x60) : folded);
        }
        // Brackets people put around a legal form (【】 ［］) become () so one list of words covers them.
        return builder.Replace('【', '(').Replace('】', ')').Replace('［', '(').Replace('］', ')').Replace('[', '(').Replace(']', ')').ToString();
    }

    /// <summary>Drops what never tells two organisations apart: spaces, middle dots, empty brackets and punctuation.</summary>
    private static string Compact(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c is '・' or '･' or '.' or ',' or '、' or '。' or '「' or '」' or '『' or '』' or '"' or '\'' or '-' or '‐' or '−' or '_') continue;
            builder.Append(c);
        }
        return builder.Replace("()", "").ToString().Trim('(', ')');
    }

    private static Dictionary<char, char> BuildVariants(string pairs)
    {
        var map = new Dictionary<char, char>();
        foreach (var pair in pairs.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var chars = pair.EnumerateRunes().ToArray();
            // Only pairs of BMP characters that differ: an identical pair is an entry NFKC already folds.
            if (chars.Length == 2 && chars[0].IsBmp && chars[1].IsBmp && chars[0] != chars[1]) map[(char)chars[0].Value] = (char)chars[1].Value;
        }
        return map;
    }
}
