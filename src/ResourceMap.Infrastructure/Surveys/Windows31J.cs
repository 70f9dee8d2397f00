using System.Globalization;
using System.Text;

namespace ResourceMap.Infrastructure.Surveys;

/// <summary>
/// Windows-31J (CP932) decoded as Windows decodes it. Excel for Windows saves "Shift_JIS" CSV in CP932, which adds NEC
/// row 13 (①, ≒, ㈱ …), the NEC-selected IBM extensions (ED40–EEFC) and the IBM extensions (FA40–FC4B, 髙 﨑 …) to JIS,
/// and maps the user-defined area F040–F9FC to the private use area. .NET's code page 932 lacks parts of these rows, so
/// its strict decoder is given a fallback that decodes them from Microsoft's table (Windows31JExtensions.txt); any
/// other byte sequence is still an error, so a file in another encoding fails instead of importing mojibake.
/// </summary>
public static class Windows31J
{
    private static readonly Dictionary<int, char> Extensions = Load();

    static Windows31J() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>A strict CP932 encoding whose decoder knows all of Windows-31J.</summary>
    public static Encoding Strict() => Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, new ExtensionFallback());

    /// <summary>Windows' character for one or two bytes .NET cannot decode, or null.</summary>
    public static char? Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 1) return Extensions.TryGetValue(bytes[0], out var single) ? single : null;
        if (bytes.Length != 2) return null;
        int lead = bytes[0], trail = bytes[1];
        if (trail is < 0x40 or > 0xFC or 0x7F) return null;
        // User-defined characters: 188 per lead byte from U+E000, as Windows maps them.
        if (lead is >= 0xF0 and <= 0xF9) return (char)(0xE000 + (lead - 0xF0) * 188 + trail - 0x40 - (trail > 0x7F ? 1 : 0));
        return Extensions.TryGetValue(lead << 8 | trail, out var c) ? c : null;
    }

    private static Dictionary<int, char> Load()
    {
        using var stream = typeof(Windows31J).Assembly.GetManifestResourceStream("ResourceMap.Infrastructure.Surveys.Windows31JExtensions.txt")
                           ?? throw new InvalidOperationException("Windows31JExtensions.txt is not embedded.");
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var map = new Dictionary<int, char>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var parts = line.Split(' ');
            map[int.Parse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture)] =
                (char)int.Parse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        return map;
    }

    private sealed class ExtensionFallback : DecoderFallback
    {
        public override int MaxCharCount => 1;
        public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer();

        private sealed class Buffer : DecoderFallbackBuffer
        {
            private char _char;
            private int _remaining;

            public override bool Fallback(byte[] bytesUnknown, int index)
            {
                var decoded = Decode(bytesUnknown);
                if (decoded is null) throw new DecoderFallbackException(
                    $"Unable to translate bytes {Convert.ToHexString(bytesUnknown)} at index {index} from Windows-31J.", bytesUnknown, index);
                _char = decoded.Value;
                _remaining = 1;
                return true;
            }

            public override char GetNextChar()
            {
                if (_remaining == 0) return '\0';
                _remaining--;
                return _char;
            }

            public override bool MovePrevious()
            {
                if (_remaining != 0) return false;
                _remaining = 1;
                return true;
            }

            public override int Remaining => _remaining;

            public override void Reset() => _remaining = 0;
        }
    }
}
