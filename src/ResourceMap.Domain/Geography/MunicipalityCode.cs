using System.Globalization;

namespace ResourceMap.Domain.Geography;

/// <summary>
/// 全国地方公共団体コード: 5 digits (2 prefecture + 3 municipality), officially written with a 6th check digit.
/// The check digit uses weights 6,5,4,3,2 on the five digits: check = (11 − sum mod 11) mod 10.
/// </summary>
public readonly record struct MunicipalityCode
{
    public string Value { get; }

    private MunicipalityCode(string value) => Value = value;

    public string PrefectureCode => Value[..2];

    public string Official => Value + ComputeCheckDigit(Value);

    public override string ToString() => Value;

    public static char ComputeCheckDigit(string fiveDigits)
    {
        int[] weights = [6, 5, 4, 3, 2];
        var sum = 0;
        for (var i = 0; i < 5; i++) sum += (fiveDigits[i] - '0') * weights[i];
        return (char)('0' + (11 - sum % 11) % 10);
    }

    /// <summary>Parses a 5-digit code or a 6-digit official code whose check digit must match.</summary>
    public static bool TryParse(string? input, out MunicipalityCode code, out string? error)
    {
        code = default;
        var text = input?.Trim() ?? "";
        if (text.Length is not (5 or 6) || !text.All(char.IsAsciiDigit))
        {
            error = "A municipality code has 5 digits, or 6 digits with its check digit (e.g. 01230 or 012301).";
            return false;
        }
        var five = text[..5];
        if (five[..2] is "00" || int.Parse(five[..2], CultureInfo.InvariantCulture) > 47)
        {
            error = $"'{five[..2]}' is not a prefecture code (01–47).";
            return false;
        }
        if (text.Length == 6)
        {
            var expected = ComputeCheckDigit(five);
            if (text[5] != expected)
            {
                error = $"The check digit of '{text}' is wrong: the official code of {five} is {five}{expected}.";
                return false;
            }
        }
        code = new MunicipalityCode(five);
        error = null;
        return true;
    }

    public static MunicipalityCode Parse(string input) =>
        TryParse(input, out var code, out var error) ? code : throw new FormatException(error);
}
