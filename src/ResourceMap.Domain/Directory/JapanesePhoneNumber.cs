namespace ResourceMap.Domain.Directory;

/// <summary>Japanese telephone numbers as they arrive from spreadsheets.</summary>
public static class JapanesePhoneNumber
{
    /// <summary>
    /// Whether a string of digits (no separators) is a dialable Japanese number: 10 digits for fixed lines and 0120
    /// numbers; 11 digits for mobiles (070/080/090), 050 (IP), 020 and 0800 numbers.
    /// </summary>
    public static bool IsValid(string digits)
    {
        if (digits.Length is < 10 or > 11 || digits[0] != '0' || digits[1] == '0' || !digits.All(char.IsAsciiDigit)) return false;
        var elevenDigits = digits.StartsWith("070", StringComparison.Ordinal) || digits.StartsWith("080", StringComparison.Ordinal)
                           || digits.StartsWith("090", StringComparison.Ordinal) || digits.StartsWith("020", StringComparison.Ordinal)
                           || digits.StartsWith("050", StringComparison.Ordinal)
                           || digits.StartsWith("0800", StringComparison.Ordinal);
        return digits.Length == (elevenDigits ? 11 : 10);
    }

    /// <summary>
    /// A number Excel stored as a number lost its leading 0 (0143-85-1234 → 143851234). Gives the number back with the
    /// 0 when the cell is digits only and the result is a valid Japanese number; null when it cannot be restored safely.
    /// </summary>
    public static string? RestoreLeadingZero(string cell)
    {
        var text = cell.Normalize(System.Text.NormalizationForm.FormKC).Trim();
        if (text.Length is < 9 or > 10 || text[0] == '0' || !text.All(char.IsAsciiDigit)) return null;
        var restored = "0" + text;
        return IsValid(restored) ? restored : null;
    }
}
