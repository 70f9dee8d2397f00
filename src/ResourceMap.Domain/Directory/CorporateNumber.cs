namespace ResourceMap.Domain.Directory;

/// <summary>
/// 法人番号: 13 digits whose leading digit checks the other 12.
/// For the base digits P12..P1 (P1 rightmost), check = 9 − (Σ Pn·Qn mod 9) with Qn = 1 for odd n, 2 for even n.
/// </summary>
public readonly record struct CorporateNumber
{
    public string Value { get; }

    private CorporateNumber(string value) => Value = value;

    public override string ToString() => Value;

    public static char ComputeCheckDigit(string twelveDigits)
    {
        var sum = 0;
        for (var n = 1; n <= 12; n++)
        {
            var digit = twelveDigits[12 - n] - '0';
            sum += digit * (n % 2 == 1 ? 1 : 2);
        }
        return (char)('0' + (9 - sum % 9));
    }

    public static bool TryParse(string? input, out CorporateNumber number, out string? error)
    {
        number = default;
        var text = Normalise(input);
        if (text.Length != 13 || !text.All(char.IsAsciiDigit))
        {
            error = "A corporate number (法人番号) has exactly 13 digits.";
            return false;
        }
        var expected = ComputeCheckDigit(text[1..]);
        if (text[0] != expected)
        {
            error = $"The check digit of corporate number '{text}' is wrong (expected {expected}).";
            return false;
        }
        number = new CorporateNumber(text);
        error = null;
        return true;
    }

    /// <summary>Full-width digits and the hyphens or spaces people type are accepted and removed.</summary>
    private static string Normalise(string? input) =>
        new((input ?? "").Normalize(System.Text.NormalizationForm.FormKC)
            .Where(c => c is not ('-' or ' ' or '‐' or 'ー' or '−')).ToArray());
}

/// <summary>What a 法人番号 cell of a form export turns out to hold, once cleaned.</summary>
public enum CorporateNumberCellKind
{
    /// <summary>Empty, or text without a digit: a placeholder (なし, 無, ー, -, 空欄 …) or a note (法人番号なし, 任意団体のため無し).</summary>
    Absent,
    Valid,
    /// <summary>13 digits with a wrong check digit, or not 13 digits.</summary>
    Invalid,
    /// <summary>Excel showed the number in scientific notation (2.11031E+12) and saved that: digits are lost.</summary>
    DigitsLostByExcel,
}

/// <param name="Number">The cleaned, valid 法人番号 (only for <see cref="CorporateNumberCellKind.Valid"/>).</param>
/// <param name="Cleaned">The cell after cleaning, as it is reported.</param>
public readonly record struct CorporateNumberCell(CorporateNumberCellKind Kind, string? Number, string Cleaned)
{
    private static readonly System.Text.RegularExpressions.Regex Scientific =
        new(@"^[0-9]+(\.[0-9]+)?e\+?[0-9]+$", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>
    /// Cleans a 法人番号 as people and spreadsheets write it before judging it: full-width digits, a 法人番号: label, the T
    /// of an invoice registration number (T + 法人番号), the apostrophe that keeps Excel from turning it into a number,
    /// hyphens and spaces are removed; text without a digit (なし, ー, 空欄, 法人番号なし, 任意団体のため無し) means absent;
    /// scientific notation means Excel lost digits, never a number to match.
    /// </summary>
    public static CorporateNumberCell Read(string? cell)
    {
        var text = Text.JapaneseText.Nfkc(cell ?? "").Trim().Trim('\'', '‘', '’', '`', '"', '=');
        // No digit, no number: whatever else the cell says, it gives none to match or to check.
        if (!text.AsSpan().ContainsAnyInRange('0', '9')) return new(CorporateNumberCellKind.Absent, null, "");
        // Most cells are digits alone: nothing to remove, and no exponent to look for.
        var compact = text.AsSpan().ContainsAnyExceptInRange('0', '9')
            ? new string(text.Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '‐' or '−' or 'ー' or '―' or '—' or '\'')).ToArray())
            : text;
        if (compact.AsSpan().IndexOfAny('e', 'E') >= 0 && Scientific.IsMatch(compact)) return new(CorporateNumberCellKind.DigitsLostByExcel, null, compact);
        if (compact.StartsWith("法人番号", StringComparison.Ordinal)) compact = compact[4..].TrimStart(':');
        if (compact.Length == 14 && compact[0] is 'T' or 't') compact = compact[1..];
        return CorporateNumber.TryParse(compact, out var number, out _)
            ? new(CorporateNumberCellKind.Valid, number.Value, compact)
            : new(CorporateNumberCellKind.Invalid, null, compact);
    }
}
