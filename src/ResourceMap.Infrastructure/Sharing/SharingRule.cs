using Npgsql;
using ResourceMap.Domain.Directory;
using ResourceMap.Infrastructure.Search;

namespace ResourceMap.Infrastructure.Sharing;

/// <summary>
/// The sharing rule, in one place. A record is <em>shared with</em> a caller when the caller sees everything (an admin,
/// a configured key without a home municipality), is staff of the owner municipality, or — unless the scope is owner —
/// is staff of a member municipality of one of the record's shared_with_regions. Anyone <em>may read</em> a public
/// record; partners- and owner-scoped records only callers they are shared with. A service is readable when it and its
/// organisation both are.
///
/// It has exactly one SQL rendering: the functions resourcemap_shared_with / resourcemap_may_read (migration
/// SearchReadModel), which the planner inlines. Every raw-SQL query calls them through <see cref="Sql"/>, EF queries
/// through <see cref="MayReadInDatabase"/>, and the search read model stores their value for the public
/// (public_readable). The C# rendering below is for records already in memory; a test runs the whole matrix of scopes
/// and callers through every rendering and compares.
/// </summary>
public static class SharingRule
{
    public static bool SharedWith(SearchViewer viewer, string scope, string owner, IReadOnlyCollection<string> sharedWithRegions) =>
        viewer.SeesEverything
        || (viewer.Home is not null && (owner == viewer.Home
            || (scope != SharingScopes.Owner && sharedWithRegions.Any(region => viewer.HomeRegions.Contains(region)))));

    public static bool MayRead(SearchViewer viewer, string scope, string owner, IReadOnlyCollection<string> sharedWithRegions) =>
        scope == SharingScopes.Public || SharedWith(viewer, scope, owner, sharedWithRegions);

    public static bool MayRead(SearchViewer viewer, Organization organization) =>
        MayRead(viewer, organization.SharingScope, organization.OwnerMunicipalityCode, organization.SharedWithRegions);

    /// <summary>A service with its organisation loaded (a service of a non-public organisation is hidden with it).</summary>
    public static bool MayRead(SearchViewer viewer, Service service) =>
        MayRead(viewer, service.SharingScope, service.OwnerMunicipalityCode, service.SharedWithRegions)
        && (service.Organization is null || MayRead(viewer, service.Organization));

    /// <summary>
    /// resourcemap_may_read in EF queries (mapped in <see cref="Persistence.ResourceMapDbContext"/>); pass the caller
    /// through <see cref="ViewerArguments"/>. Not callable in memory.
    /// </summary>
    public static bool MayReadInDatabase(string scope, string owner, List<string> sharedWithRegions, bool viewerAll, string? viewerHome,
        string[] viewerRegions) =>
        throw new InvalidOperationException("resourcemap_may_read runs in PostgreSQL only: use it inside an EF query.");

    public static (bool All, string? Home, string[] Regions) ViewerArguments(SearchViewer viewer) =>
        (viewer.SeesEverything, viewer.SeesEverything ? null : viewer.Home, viewer.SeesEverything ? [] : viewer.HomeRegions.ToArray());

    /// <summary>
    /// SQL: may this caller read the record whose scope, owner and shared_with_regions are these column expressions.
    /// The public and admins get constants (so the planner folds the rule away); staff get the parameters that
    /// <see cref="AddParameters"/> adds.
    /// </summary>
    public static string Sql(SearchViewer viewer, string scope, string owner, string sharedWithRegions) =>
        viewer.SeesEverything ? "true" : $"resourcemap_may_read({scope}, {owner}, {sharedWithRegions}, {ViewerSql(viewer)})";

    /// <summary>SQL: is the record shared with this caller (its restricted fields; for other scopes, the record itself).</summary>
    public static string SharedWithSql(SearchViewer viewer, string scope, string owner, string sharedWithRegions) =>
        viewer.SeesEverything ? "true" : $"resourcemap_shared_with({scope}, {owner}, {sharedWithRegions}, {ViewerSql(viewer)})";

    /// <summary>SQL: may this caller read the service (alias <paramref name="s"/>) and its organisation (alias <paramref name="o"/>).</summary>
    public static string ServiceSql(SearchViewer viewer, string s, string o) =>
        viewer.SeesEverything ? "true"
        : $"({Sql(viewer, $"{s}.sharing_scope", $"{s}.owner_municipality_code", $"{s}.shared_with_regions")}"
          + $" AND {Sql(viewer, $"{o}.sharing_scope", $"{o}.owner_municipality_code", $"{o}.shared_with_regions")})";

    /// <summary>
    /// SQL on a row of the search read model (alias <paramref name="r"/>): its stored public_readable for the public,
    /// the rule on its plain visibility columns for staff. No subquery per row.
    /// </summary>
    public static string SearchRowSql(SearchViewer viewer, string r) =>
        viewer.SeesEverything ? "true"
        : viewer.IsPublic ? $"{r}.public_readable"
        : $"({r}.public_readable OR ({Sql(viewer, $"{r}.service_scope", $"{r}.service_owner", $"{r}.service_shared_with")}"
          + $" AND {Sql(viewer, $"{r}.organization_scope", $"{r}.organization_owner", $"{r}.organization_shared_with")}))";

    /// <summary>The parameters the staff renderings name (nothing for the public and admins).</summary>
    public static void AddParameters(ICollection<NpgsqlParameter> parameters, SearchViewer viewer)
    {
        if (viewer.SeesEverything || viewer.IsPublic) return;
        if (parameters.Any(p => p.ParameterName == "viewer_home")) return;
        parameters.Add(new NpgsqlParameter("viewer_home", NpgsqlTypes.NpgsqlDbType.Text) { Value = viewer.Home! });
        parameters.Add(new NpgsqlParameter("viewer_regions", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text)
        { Value = viewer.HomeRegions.ToArray() });
    }

    private static string ViewerSql(SearchViewer viewer) =>
        viewer.IsPublic ? "false, NULL::text, '{}'::text[]" : "false, @viewer_home, @viewer_regions";
}
