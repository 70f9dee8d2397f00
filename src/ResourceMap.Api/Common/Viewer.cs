using System.Linq.Expressions;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using ResourceMap.Api.Hosting;
using ResourceMap.Domain.Directory;
using ResourceMap.Infrastructure.Persistence;
using ResourceMap.Infrastructure.Search;

namespace ResourceMap.Api.Common;

/// <summary>
/// Who may read what, by sharing scope. A record is "shared with" a caller when the caller is an admin, staff (partner
/// or editor) of the owner municipality, or — unless the scope is owner — staff whose home municipality is a member of
/// one of the record's shared_with_regions. Public records are readable by everyone; partners- and owner-scoped
/// records only by callers they are shared with (everyone else gets 404 and never sees them in lists or searches).
/// Restricted fields are returned only to callers the record is shared with, whatever its scope. A configured key
/// without a home municipality acts for every municipality, as it does for writes.
/// </summary>
public sealed record Viewer(bool IsStaff, bool SeesEverything, string? Home, IReadOnlyList<string> HomeRegions)
{
    public static readonly Viewer Public = new(false, false, null, []);

    public static async Task<Viewer> ForAsync(ClaimsPrincipal user, ResourceMapDbContext db, CancellationToken ct)
    {
        if (user.Identity?.IsAuthenticated != true) return Public;
        var staff = user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Editor) || user.IsInRole(Roles.Partner);
        if (!staff) return Public;
        var home = user.FindFirstValue(ResourceMapClaims.HomeMunicipality);
        if (user.IsInRole(Roles.Admin) || home is null) return new Viewer(true, true, home, []);
        var regions = await db.RegionMembers.AsNoTracking().Where(m => m.MunicipalityCode == home)
            .Select(m => m.RegionId).Distinct().ToListAsync(ct);
        return new Viewer(true, false, home, regions);
    }

    public static Task<Viewer> ForAsync(HttpContext context, CancellationToken ct) =>
        ForAsync(context.User, context.RequestServices.GetRequiredService<ResourceMapDbContext>(), ct);

    /// <summary>The same caller for the raw-SQL searches and tiles.</summary>
    public static async Task<SearchViewer> ForSearchAsync(HttpContext context, CancellationToken ct) =>
        (await ForAsync(context, ct)).ForSearch();

    public SearchViewer ForSearch() =>
        SeesEverything ? SearchViewer.Everything : IsStaff ? new SearchViewer(false, Home, HomeRegions) : SearchViewer.Public;

    public bool SharedWith(RecordSharing record) => SharedWith(record.Scope, record.OwnerMunicipalityCode, record.SharedWithRegions);

    /// <summary>True when the record's restricted fields (and a non-public record itself) are shared with this caller.</summary>
    public bool SharedWith(string scope, string owner, IReadOnlyCollection<string> sharedWithRegions) =>
        IsStaff && (SeesEverything || owner == Home
            || (scope != SharingScopes.Owner && sharedWithRegions.Any(r => HomeRegions.Contains(r))));

    public bool MayRead(string scope, string owner, IReadOnlyCollection<string> sharedWithRegions) =>
        scope == SharingScopes.Public || SharedWith(scope, owner, sharedWithRegions);

    public bool MayRead(Organization o) => MayRead(o.SharingScope, o.OwnerMunicipalityCode, o.SharedWithRegions);

    public bool MayRead(Service s) => MayRead(s.SharingScope, s.OwnerMunicipalityCode, s.SharedWithRegions)
        && (s.Organization is null || MayRead(s.Organization));

    /// <summary>
    /// Raw survey answers (free text) are shared with admins and with staff of the issuing municipality or of a
    /// municipality in the survey area: the municipalities whose organisations were asked. Everyone else gets aggregates.
    /// </summary>
    public bool SeesRawAnswers(string issuingMunicipality, IReadOnlyCollection<string> surveyArea) =>
        IsStaff && (SeesEverything || Home == issuingMunicipality || (Home is not null && surveyArea.Contains(Home)));

    public bool SeesRestricted(Organization o) => SharedWith(o.SharingScope, o.OwnerMunicipalityCode, o.SharedWithRegions);

    public bool SeesRestricted(Service s) => SharedWith(s.SharingScope, s.OwnerMunicipalityCode, s.SharedWithRegions);

    public Expression<Func<Organization, bool>> ReadableOrganizations()
    {
        if (SeesEverything) return o => true;
        if (!IsStaff) return o => o.SharingScope == SharingScopes.Public;
        var home = Home;
        var regions = HomeRegions.ToList();
        return o => o.SharingScope == SharingScopes.Public || o.OwnerMunicipalityCode == home
            || (o.SharingScope == SharingScopes.Partners && o.SharedWithRegions.Any(r => regions.Contains(r)));
    }

    public Expression<Func<Service, bool>> ReadableServices()
    {
        if (SeesEverything) return s => true;
        if (!IsStaff) return s => s.SharingScope == SharingScopes.Public && s.Organization!.SharingScope == SharingScopes.Public;
        var home = Home;
        var regions = HomeRegions.ToList();
        return s => (s.SharingScope == SharingScopes.Public || s.OwnerMunicipalityCode == home
                || (s.SharingScope == SharingScopes.Partners && s.SharedWithRegions.Any(r => regions.Contains(r))))
            && (s.Organization!.SharingScope == SharingScopes.Public || s.Organization.OwnerMunicipalityCode == home
                || (s.Organization.SharingScope == SharingScopes.Partners && s.Organization.SharedWithRegions.Any(r => regions.Contains(r))));
    }
}
