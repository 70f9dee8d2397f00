using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;

namespace ResourceMap.Api.Common;

public record PageQuery
{
    [Description("1-based page number.")]
    [FromQuery(Name = "page")]
    public int? Page { get; init; }

    [Description("Items per page, 1–100 (default 20).")]
    [FromQuery(Name = "page_size")]
    public int? PageSize { get; init; }

    /// <summary>The furthest offset a page may start at; no list comes near it.</summary>
    public const int MaxOffset = 10_000_000;

    public int PageOrDefault => Page ?? 1;
    public int SizeOrDefault => PageSize ?? 20;

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Page is < 1) errors["page"] = ["page must be 1 or more."];
        if (PageSize is < 1 or > 100) errors["page_size"] = ["page_size must be between 1 and 100."];
        // The offset (page - 1) × page_size must fit the database's integer OFFSET: a huge page is a 400, not an overflow.
        else if (Page is > 1 && (long)(Page.Value - 1) * SizeOrDefault > MaxOffset)
            errors["page"] = [$"page × page_size reaches past the last possible item ({MaxOffset:N0}); use a smaller page."];
        return errors;
    }
}

/// <summary>The change feed's parameter, shared by the directory lists (see <see cref="ChangeFeed"/>).</summary>
public record ChangeFeedPageQuery : PageQuery
{
    [Description("Change feed: only records created, changed or archived on or after this ISO 8601 instant (e.g. 2024-02-05T09:00:00+09:00; a bare date is midnight Japan time), oldest change first, archived records included (archived: true) so a mirror can follow deletions.")]
    [FromQuery(Name = "modified_after")]
    public string? ModifiedAfter { get; init; }
}

/// <summary>A page of results with the total, so clients can show "1–20 of 64".</summary>
public record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total);
