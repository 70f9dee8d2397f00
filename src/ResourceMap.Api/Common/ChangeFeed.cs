using System.Globalization;
using ResourceMap.Domain.Directory;

namespace ResourceMap.Api.Common;

/// <summary>
/// The change feed of the directory lists (/api and /hsds): with modified_after, a list holds the records created,
/// changed or archived on or after that instant, oldest change first, archived ones included as tombstones, so a
/// mirror can follow deletions. Without it, a list holds live records only, as before.
/// </summary>
public static class ChangeFeed
{
    /// <summary>Japan time: a bare date (2024-02-05) is its midnight.</summary>
    public static readonly TimeSpan JapanOffset = TimeSpan.FromHours(9);

    /// <summary>An ISO 8601 instant with an offset (or Z); a bare date is midnight Japan time. Adds an error otherwise.</summary>
    public static DateTimeOffset? Parse(string? text, string field, IDictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        // An unescaped + in a query string arrives as a space: 2024-02-05T09:00:00+09:00 is what was meant.
        text = text.Trim().Replace(' ', '+');
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 19 && (text.LastIndexOf('+') > 9 || text.LastIndexOf('-') > 9));
        if (hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            return instant.ToUniversalTime();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), JapanOffset).ToUniversalTime();
        errors[field] = [$"'{text}' is not an ISO 8601 instant with an offset (e.g. 2024-02-05T09:00:00+09:00) or a date (2024-02-05)."];
        return null;
    }

    /// <summary>Live records, or with <paramref name="since"/> every record changed or archived since then (tombstones included).</summary>
    public static IQueryable<T> Filter<T>(IQueryable<T> records, DateTimeOffset? since) where T : class, IDirectoryRecord =>
        since is { } after
            ? records.Where(r => r.UpdatedAt >= after || r.ArchivedAt >= after)
            : records.Where(r => r.ArchivedAt == null);

    /// <summary>Oldest change first, ties by id, so a mirror resumes from the last change it stored.</summary>
    public static IOrderedQueryable<T> Order<T>(IQueryable<T> records) where T : class, IDirectoryRecord =>
        records.OrderBy(r => r.UpdatedAt).ThenBy(r => r.Id);
}
