using System.Globalization;
using System.Text;

namespace ResourceMap.Api.Common;

/// <summary>Opaque next_cursor for lists paged by (timestamp, id): base64url of "ticks|id".</summary>
public static class KeysetCursor
{
    public static string Encode(DateTimeOffset at, string id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{at.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{id}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string? cursor, out DateTimeOffset at, out string id)
    {
        at = default;
        id = "";
        if (string.IsNullOrEmpty(cursor)) return false;
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/').PadRight((cursor.Length + 3) / 4 * 4, '=');
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('|', 2);
            if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)) return false;
            at = new DateTimeOffset(ticks, TimeSpan.Zero);
            id = parts[1];
            return id.Length > 0;
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException)
        {
            return false;
        }
    }
}
