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
