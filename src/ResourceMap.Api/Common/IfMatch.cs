using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace ResourceMap.Api.Common;

/// <summary>
/// The If-Match rule of RFC 9110 §13.1.1, in one place. Absent: the write goes ahead (and a concurrent write
/// without If-Match does not turn it into a 412: the last writer wins, field by field). "*": any current
/// representation matches. Otherwise a comma-separated list of entity tags, compared strongly: a weak tag
/// (W/"…") never matches, and the write goes ahead when any listed tag equals the record's ETag. A header that
/// does not parse matches nothing.
/// </summary>
public sealed class IfMatch
{
    private static readonly ConditionalWeakTable<DbContext, IfMatch> Pinned = new();

    private IfMatch(bool present, bool any, IReadOnlyList<string> strongTags)
    {
        Present = present;
        Any = any;
        StrongTags = strongTags;
    }

    public bool Present { get; }
    public bool Any { get; }
    public IReadOnlyList<string> StrongTags { get; }

    public static IfMatch From(HttpRequest request) => Parse(request.Headers.IfMatch.ToArray()!);

    public static IfMatch Parse(IList<string>? headerValues)
    {
        var values = (headerValues ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).ToList();
        if (values.Count == 0) return new IfMatch(false, false, []);
        if (values.Count == 1 && values[0].Trim() == "*") return new IfMatch(true, true, []);
        if (!EntityTagHeaderValue.TryParseStrictList(values, out var tags))
            return new IfMatch(true, false, []);
        if (tags.Any(t => t.Tag == "*")) return new IfMatch(true, false, []); // "*" may not be part of a list
        return new IfMatch(true, false, tags.Where(t => !t.IsWeak).Select(t => t.Tag.ToString()).ToList());
    }

    /// <summary>Strong comparison of the record's current ETag against the header.</summary>
    public bool Matches(string currentETag) => !Present || Any || StrongTags.Contains(currentETag, StringComparer.Ordinal);

    /// <summary>
    /// Checks a tracked record against If-Match. When the header names the record's version, the save is made
    /// conditional on it, so a write racing in between still gets 412; without a tag, the save is not.
    /// </summary>
    public bool Check(DbContext db, Domain.Directory.IDirectoryRecord record)
    {
        if (!Matches(ETags.For(record.Version))) return false;
        if (Present && !Any) Pinned.AddOrUpdate(db, this);
        return true;
    }

    /// <summary>Whether this context's save must fail (412) when the row changed since it was read.</summary>
    public static bool IsPinned(DbContext db) => Pinned.TryGetValue(db, out _);
}
