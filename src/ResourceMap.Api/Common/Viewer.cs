using System.Linq.Expressions;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using ResourceMap.Api.Hosting;
using ResourceMap.Domain.Directory;
using ResourceMap.Infrastructure.Persistence;
using ResourceMap.Infrastructure.Search;
using ResourceMap.Infrastructure.Sharing;

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

    /// <summary>The caller of a request; a database context is made only for staff, whose home regions it reads.</summary>
    public static Task<Viewer> ForAsync(HttpContext context, CancellationToken ct) =>
        context.User.Identity?.IsAuthenticated == true
            ? ForAsync(context.User, context.RequestServices.GetRequiredService<ResourceMapDbContext>(), ct)
            : Task.FromResult(Public);

    /// <summary>The same caller for the raw-SQL searches and tiles.</summary>
    public static async Task<SearchViewer> ForSearchAsync(HttpContext context, CancellationToken ct) =>
        (await ForAsync(context, ct)).ForSearch();

    public SearchViewer ForSearch() =>
        SeesEverything ? SearchViewer.Everything : IsStaff ? new SearchViewer(false, Home, HomeRegions) : SearchViewer.Public;

    public bool SharedWith(RecordSharing record) => SharedWith(record.Scope, record.OwnerMunicipalityCode, record.SharedWithRegions);

    /// <summary>True when the record's restricted fields (and a non-public record itself) are shared with this caller.</summary>
    public bool SharedWith(string scope, string owner, IReadOnlyCollection<string> sharedWithRegions) =>
        SharingRule.SharedWith(ForSearch(), scope, owner, sharedWithRegions);

    public bool MayRead(string scope, string owner, IReadOnlyCollection<string> sharedWithRegions) =>
        SharingRule.MayRead(ForSearch(), scope, owner, sharedWithRegions);

    public bool MayRead(Organization o) => SharingRule.MayRead(ForSearch(), o);

    public bool MayRead(Service s) => SharingRule.MayRead(ForSearch(), s);

    /// <summary>
    /// Raw survey answers (free text) are shared with admins and with staff of the issuing municipality or of a
    /// municipality in the survey area: the municipalities whose organisations were asked. Everyone else gets aggregates.
    /// </summary>
    public bool SeesRawAnswers(string issuingMunicipality, IReadOnlyCollection<string> surveyArea) =>
        IsStaff && (SeesEverything || Home == issuingMunicipality || (Home is not null && surveyArea.Contains(Home)));

    public bool SeesRestricted(Organization o) => SharedWith(o.SharingScope, o.OwnerMunicipalityCode, o.SharedWithRegions);

    public bool SeesRestricted(Service s) => SharedWith(s.SharingScope, s.OwnerMunicipalityCode, s.SharedWithRegions);

    /// <summary>EF filter: the organisations this caller may read (the rule's SQL rendering, see <see cref="SharingRule"/>).</summary>
    public Expression<Func<Organization, bool>> ReadableOrganizations()
    {
        var (all, home, regions) = SharingRule.ViewerArguments(ForSearch());
        return o => SharingRule.MayReadInDatabase(o.SharingScope, o.OwnerMunicipalityCode, o.SharedWithRegions, all, home, regions);
    }

    /// <summary>EF filter: the services this caller may read, their organisations included.</summary>
    public Expression<Func<Service, bool>> ReadableServices()
    {
        var (all, home, regions) = SharingRule.ViewerArguments(ForSearch());
        return s => SharingRule.MayReadInDatabase(s.SharingScope, s.OwnerMunicipalityCode, s.SharedWithRegions, all, home, regions)
            && SharingRule.MayReadInDatabase(s.Organization!.SharingScope, s.Organization.OwnerMunicipalityCode,
                s.Organization.SharedWithRegions, all, home, regions);
    }
}
