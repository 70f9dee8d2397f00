using System.Text;

namespace ResourceMap.Domain.Text;

/// <summary>Normalises Japanese text once, at the edge, so matching and search compare like with like.</summary>
public static class JapaneseText
{
    /// <summary>NFKC (full-width ASCII and half-width kana folded), trimmed, runs of whitespace made one space.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var nfkc = text.Normalize(NormalizationForm.FormKC);
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
    /// A search key: <see cref="Clean"/>, lower case, katakana folded to hiragana, spaces removed, so that
    /// 「コドモ」 finds 「こども」 and 「ＮＰＯ」 finds 「npo」.
    /// </summary>
    public static string SearchKey(string? text)
    {
        var cleaned = Clean(text).ToLowerInvariant();
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
