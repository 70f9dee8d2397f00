using System.ComponentModel;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ResourceMap.Api.Common;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Directory;
using ResourceMap.Domain.Geography;
using ResourceMap.Domain.Taxonomy;
using ResourceMap.Domain.Text;
using ResourceMap.Infrastructure.Persistence;

namespace ResourceMap.Api.Exports;

/// <summary>The filters of the office exports: the same names and meanings as the searches.</summary>
public record DirectoryExportQuery
{
    [Description("Municipality code (5 or 6 digits): services at a site in it, and site-less services (phone lines) it owns.")]
    [FromQuery(Name = "municipality")] public string? Municipality { get; init; }

    [Description("Region id (e.g. nishi-iburi): services at a site in one of its member municipalities, and site-less services they own.")]
    [FromQuery(Name = "region")] public string? Region { get; init; }

    [Description("service_category code.")]
    [FromQuery(Name = "category")] public string? Category { get; init; }

    [Description("target_group code.")]
    [FromQuery(Name = "target_group")] public string? TargetGroup { get; init; }

    [Description("problem_keyword code.")]
    [FromQuery(Name = "keyword")] public string? Keyword { get; init; }

    [Description("Free text (≥ 2 characters), as q in the searches.")]
    [FromQuery(Name = "q")] public string? Q { get; init; }

    [Description("Column headers and values: en (default; codes, true/false) or ja (Japanese labels, はい/いいえ).")]
    [FromQuery(Name = "lang")] public string? Lang { get; init; }

    public bool Japanese => Lang == "ja";
}

/// <summary>One service at one site (or a site-less service once): a line of the office exports.</summary>
public sealed record ExportRow(
    Guid ServiceId, string Name, string OrganizationName, string Category, string? Description,
    IReadOnlyList<string> TargetGroups, IReadOnlyList<string> ProblemKeywords, IReadOnlyList<string> Channels,
    IReadOnlyList<OpeningPeriod> Hours, string? HoursNotes, IReadOnlyList<string> Phones,
    string? PostalCode, string? Address, string MunicipalityCode, string Municipality, string? Website,
    bool AnonymousOk, bool AcceptsOtherMunicipalities, DateTimeOffset LastVerifiedAt);

/// <summary>
/// Reads the rows of the office exports under the directory's sharing rule (<see cref="Viewer"/>): a caller exports
/// exactly what it may read in the lists and searches; restricted fields are never exported.
/// </summary>
public sealed class DirectoryExport(ResourceMapDbContext db, TaxonomyCatalog catalog)
{
    private const int Batch = 500;

    public sealed record Filter(IQueryable<Service> Services, IReadOnlySet<string>? Municipalities);

    /// <summary>Checks the query and returns the services it selects, or the errors naming each bad parameter.</summary>
    public async Task<(Filter? Filter, Dictionary<string, string[]> Errors)> FilterAsync(DirectoryExportQuery query, Viewer viewer,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        void Term(string field, string vocabulary, string? code)
        {
            if (code is not null && !catalog.Contains(vocabulary, code))
                errors[field] = [$"'{code}' is not a {vocabulary} code; use one of: {catalog.Codes(vocabulary)}."];
        }
        Term("category", Vocabularies.ServiceCategory, query.Category);
        Term("target_group", Vocabularies.TargetGroup, query.TargetGroup);
        Term("keyword", Vocabularies.ProblemKeyword, query.Keyword);
        if (query.Lang is not null and not ("ja" or "en")) errors["lang"] = ["lang is ja or en."];
        if (query.Q is not null && JapaneseText.SearchKey(query.Q).Length < 2) errors["q"] = ["q needs at least 2 characters."];
        if (query.Municipality is not null && query.Region is not null) errors["region"] = ["Give municipality or region, not both."];
        HashSet<string>? municipalities = null;
        if (query.Municipality is not null)
        {
            if (MunicipalityCode.TryParse(query.Municipality, out var code, out var error)) municipalities = [code.Value];
            else errors["municipality"] = [error!];
        }
        if (query.Region is not null)
        {
            var members = await db.RegionMembers.AsNoTracking().Where(m => m.RegionId == query.Region).Select(m => m.MunicipalityCode).ToListAsync(ct);
            if (members.Count == 0) errors["region"] = [$"There is no region '{query.Region}'; see /api/regions."];
            municipalities = [.. members];
        }
        if (errors.Count > 0) return (null, errors);

        var services = db.Services.AsNoTracking().Where(s => s.ArchivedAt == null).Where(viewer.ReadableServices());
        if (query.Category is not null) services = services.Where(s => s.Category == query.Category);
        if (query.TargetGroup is not null) services = services.Where(s => s.TargetGroups.Contains(query.TargetGroup));
        if (query.Keyword is not null) services = services.Where(s => s.ProblemKeywords.Contains(query.Keyword));
        if (query.Q is not null)
        {
            var key = JapaneseText.SearchKey(query.Q);
            services = services.Where(s => s.SearchText.Contains(key));
        }
        if (municipalities is not null)
        {
            var codes = municipalities.ToList();
            services = services.Where(s => s.Locations.Any(l => l.Location!.ArchivedAt == null && codes.Contains(l.Location.MunicipalityCode))
                || (!s.Locations.Any(l => l.Location!.ArchivedAt == null) && codes.Contains(s.OwnerMunicipalityCode)));
        }
        return (new Filter(services, municipalities), errors);
    }

    /// <summary>Every row, streamed in batches of services by id: memory stays flat however large the directory.</summary>
    public async IAsyncEnumerable<ExportRow> RowsAsync(Filter filter, [EnumeratorCancellation] CancellationToken ct)
    {
        var names = await db.Municipalities.AsNoTracking()
            .Select(m => new { m.Code, m.DistrictOrCity, m.Name }).ToDictionaryAsync(m => m.Code, m => (m.DistrictOrCity ?? "") + m.Name, ct);
        Guid? after = null;
        while (true)
        {
            var query = filter.Services;
            if (after is { } last) query = query.Where(s => s.Id.CompareTo(last) > 0);
            var batch = await query.OrderBy(s => s.Id).Take(Batch)
                .Include(s => s.Organization).Include(s => s.Locations).ThenInclude(l => l.Location)
                .AsSplitQuery().ToListAsync(ct);
            if (batch.Count == 0) yield break;
            foreach (var service in batch)
            {
                var sites = service.Locations.Select(l => l.Location!).Where(l => l.ArchivedAt == null)
                    .Where(l => filter.Municipalities is null || filter.Municipalities.Contains(l.MunicipalityCode))
                    .OrderBy(l => l.MunicipalityCode).ThenBy(l => l.Address).ToList();
                if (sites.Count == 0) yield return Row(service, null, names);
                foreach (var site in sites) yield return Row(service, site, names);
            }
            after = batch[^1].Id;
        }
    }

    /// <summary>All rows in reading order: category (taxonomy order), municipality code, name.</summary>
    public async Task<List<ExportRow>> SortedRowsAsync(Filter filter, CancellationToken ct)
    {
        var order = catalog.Terms(Vocabularies.ServiceCategory).Select((t, i) => (t.Code, i)).ToDictionary(x => x.Code, x => x.i);
        var rows = new List<ExportRow>();
        await foreach (var row in RowsAsync(filter, ct)) rows.Add(row);
        return rows.OrderBy(r => order.GetValueOrDefault(r.Category, int.MaxValue)).ThenBy(r => r.MunicipalityCode, StringComparer.Ordinal)
            .ThenBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.ServiceId).ThenBy(r => r.Address, StringComparer.Ordinal).ToList();
    }

    /// <summary>The rows of a search page, in its order: each hit is a service at a site (or a site-less service).</summary>
    public async Task<List<ExportRow>> RowsForAsync(IReadOnlyList<(Guid ServiceId, Guid? LocationId)> hits, CancellationToken ct)
    {
        var ids = hits.Select(h => h.ServiceId).Distinct().ToList();
        var services = await db.Services.AsNoTracking().Where(s => ids.Contains(s.Id))
            .Include(s => s.Organization).Include(s => s.Locations).ThenInclude(l => l.Location)
            .AsSplitQuery().ToDictionaryAsync(s => s.Id, ct);
        var codes = services.Values.SelectMany(s => s.Locations.Select(l => l.Location!.MunicipalityCode).Append(s.OwnerMunicipalityCode))
            .Distinct().ToList();
        var names = await db.Municipalities.AsNoTracking().Where(m => codes.Contains(m.Code))
            .Select(m => new { m.Code, m.DistrictOrCity, m.Name }).ToDictionaryAsync(m => m.Code, m => (m.DistrictOrCity ?? "") + m.Name, ct);
        return hits.Select(h =>
        {
            var service = services[h.ServiceId];
            return Row(service, service.Locations.FirstOrDefault(l => l.LocationId == h.LocationId)?.Location, names);
        }).ToList();
    }

    private static ExportRow Row(Service s, Location? site, IReadOnlyDictionary<string, string> names)
    {
        var code = site?.MunicipalityCode ?? s.OwnerMunicipalityCode;
        return new ExportRow(s.Id, s.Name, s.Organization?.Name ?? "", s.Category, s.Description, s.TargetGroups, s.ProblemKeywords,
            s.Channels, s.Hours, s.HoursNotes, s.Organization?.Phones.Select(p => p.Number).ToList() ?? [],
            site?.PostalCode, site?.Address, code, names.GetValueOrDefault(code, code), s.Organization?.Website,
            s.AnonymousOk, s.AcceptsOtherMunicipalities, s.LastVerifiedAt);
    }
}

/// <summary>
/// The columns every office export shares (CSV, XLSX, the print page's fields): English keys and codes, or with
/// lang=ja Japanese headers and labels. One boolean style (true/false, or はい/いいえ) and one timestamp style
/// (ISO 8601 to the second in Japan time, 2024-02-05T09:00:00+09:00) per file.
/// </summary>
public sealed class ExportColumns(TaxonomyCatalog catalog, Freshness freshness)
{
    public sealed record Column(string Key, string Japanese, Func<ExportRow, bool, string> Value);

    public IReadOnlyList<Column> All => _all ??=
    [
        new("municipality_code", "市町村コード", (r, _) => r.MunicipalityCode),
        new("municipality", "市町村", (r, _) => r.Municipality),
        new("category", "分類", (r, ja) => Label(Vocabularies.ServiceCategory, r.Category, ja)),
        new("name", "名称", (r, _) => r.Name),
        new("organization", "運営団体", (r, _) => r.OrganizationName),
        new("description", "内容", (r, _) => r.Description ?? ""),
        new("target_groups", "対象", (r, ja) => Labels(Vocabularies.TargetGroup, r.TargetGroups, ja)),
        new("problem_keywords", "困りごと", (r, ja) => Labels(Vocabularies.ProblemKeyword, r.ProblemKeywords, ja)),
        new("hours", "開設時間", (r, ja) => ja ? OpeningHoursText.WeekJa(r.Hours, r.HoursNotes) : HoursEn(r)),
        new("phone", "電話", (r, ja) => string.Join(ja ? "、" : "; ", r.Phones)),
        new("postal_code", "郵便番号", (r, _) => r.PostalCode ?? ""),
        new("address", "住所", (r, _) => r.Address ?? ""),
        new("website", "ウェブサイト", (r, _) => r.Website ?? ""),
        new("anonymous_ok", "匿名相談", (r, ja) => Bool(r.AnonymousOk, ja)),
        new("accepts_other_municipalities", "市町村外の方の利用", (r, ja) => Bool(r.AcceptsOtherMunicipalities, ja)),
        new("channels", "相談方法", (r, ja) => Labels(Vocabularies.Channel, r.Channels, ja)),
        new("last_verified_at", "最終確認日時", (r, _) => Timestamp(r.LastVerifiedAt)),
        new("stale", "要確認", (r, ja) => Bool(freshness.IsStale(r.LastVerifiedAt), ja)),
        new("service_id", "サービスID", (r, _) => r.ServiceId.ToString()),
    ];

    private IReadOnlyList<Column>? _all;

    public static string Bool(bool value, bool japanese) => japanese ? (value ? "はい" : "いいえ") : (value ? "true" : "false");

    public static string Timestamp(DateTimeOffset value) =>
        value.ToOffset(ChangeFeed.JapanOffset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public string Label(string vocabulary, string code, bool japanese) =>
        japanese ? catalog.Terms(vocabulary).FirstOrDefault(t => t.Code == code)?.LabelJa ?? code : code;

    public string Labels(string vocabulary, IEnumerable<string> codes, bool japanese) =>
        string.Join(japanese ? "、" : ";", codes.Select(c => Label(vocabulary, c, japanese)));

    private static string HoursEn(ExportRow r)
    {
        var periods = string.Join("; ", r.Hours.OrderBy(h => OpeningPeriod.Days.ToList().IndexOf(h.Day)).ThenBy(h => h.Opens)
            .Select(h => $"{h.Day} {h.Opens:HH\\:mm}-{h.Closes:HH\\:mm}"));
        return string.IsNullOrWhiteSpace(r.HoursNotes) ? periods : $"{periods} ({r.HoursNotes.Trim()})";
    }
}
