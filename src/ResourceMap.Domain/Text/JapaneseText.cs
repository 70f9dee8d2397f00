using System.Text;

namespace ResourceMap.Domain.Text;

/// <summary>Normalises Japanese text once, at the edge, so matching and search compare like with like.</summary>
public static class JapaneseText
{
    /// <summary>NFKC (full-width ASCII and half-width kana folded), trimmed, runs of whitespace made one space.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var nfkc = Nfkc(text);
        var builder = new StringBuilder(nfkc.Length);
        var pendingSpace = false;
        foreach (var c in nfkc)
        {
            if (char.IsWhiteSpace(c)) { pendingSpace = builder.Length > 0; continue; }
            if (pendingSpace) { builder.Append(' '); pendingSpace = false; }
            builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>
    /// NFKC, skipping ICU when every character is one NFKC leaves as it is and cannot compose with its neighbour:
    /// printable ASCII, hiragana and katakana without the combining sound marks, the unified CJK ideographs and
    /// common Japanese punctuation. Most cells of a survey file are such text, and ICU was the import's largest
    /// single cost per row. The ideographic space (U+3000) is not in the list: NFKC makes it an ASCII space.
    /// </summary>
    public static string Nfkc(string text)
    {
        foreach (var c in text)
            if (!IsNfkcStable(c)) return text.Normalize(NormalizationForm.FormKC);
        return text;
    }

    private static bool IsNfkcStable(char c) => c is (>= '\u0020' and <= '\u007E') or '\t' or '\n' or '\r'
        or (>= '\u3041' and <= '\u3096') or (>= '\u30A1' and <= '\u30FC') or (>= '\u4E00' and <= '\u9FFF')
        or '\u3001' or '\u3002' or '\u3005' or (>= '\u300C' and <= '\u300F');

    /// <summary>
    /// ToLowerInvariant without ICU when the text is ASCII and caseless Japanese script (CJK symbols, kana,
    /// ideographs, half-width katakana): only the ASCII letters change there. Anything else goes to ToLowerInvariant.
    /// </summary>
    public static string LowerInvariant(string text)
    {
        var hasUpper = false;
        foreach (var c in text)
        {
            if (c is >= 'A' and <= 'Z') hasUpper = true;
            else if (!IsCaseless(c)) return text.ToLowerInvariant();
        }
        return hasUpper ? string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++) span[i] = source[i] is >= 'A' and <= 'Z' ? (char)(source[i] + 32) : source[i];
        }) : text;
    }

    private static bool IsCaseless(char c) => c < '\u0080' || c is (>= '\u3000' and <= '\u9FFF') or (>= '\uFF61' and <= '\uFF9F');

    /// <summary>
    /// A search key: <see cref="Clean"/>, lower case, katakana folded to hiragana, spaces removed, so that
    /// 「コドモ」 finds 「こども」 and 「ＮＰＯ」 finds 「npo」.
    /// </summary>
    public static string SearchKey(string? text)
    {
        var cleaned = LowerInvariant(Clean(text));
        var builder = new StringBuilder(cleaned.Length);
        foreach (var c in cleaned)
        {
            if (c == ' ') continue;
            // Katakana ァ (U+30A1) .. ヶ (U+30F6) sit 0x60 above their hiragana counterparts.
            builder.Append(c is >= '\u30A1' and <= '\u30F6' ? (char)(c - 0x60) : c);
        }
        return builder.ToString();
    }

    /// <summary>Joins several fields into one search key, separated so trigrams do not bridge fields.</summary>
    public static string SearchKey(params string?[] parts) =>
        string.Join(" ", parts.Select(SearchKey).Where(p => p.Length > 0));
}
