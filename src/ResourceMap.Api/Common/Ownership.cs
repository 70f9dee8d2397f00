using System.Linq.Expressions;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ResourceMap.Api.Hosting;
using ResourceMap.Infrastructure.Persistence;

namespace ResourceMap.Api.Common;

/// <summary>
/// Object-level authorisation of writes. Every organisation, service and survey is owned by a municipality (a site by
/// the municipality it lies in). Admins write anything; editors only what their home municipality owns; partners and
/// the public write nothing (the Editor policy already refuses them). A configured key without a home municipality
/// acts for every municipality, as configured keys did before home municipalities existed.
///
/// A record the key may not write answers exactly like a missing one (404), so a key cannot probe whether an id
/// exists in another municipality. A body that assigns a record to another municipality is 403.
/// </summary>
public static class Ownership
{
    public static bool MayWrite(ClaimsPrincipal user, string? municipalityCode)
    {
        if (user.IsInRole(Roles.Admin)) return true;
        if (!user.IsInRole(Roles.Editor)) return false;
        var home = user.FindFirstValue(ResourceMapClaims.HomeMunicipality);
        return home is null || string.Equals(home, municipalityCode?.Trim(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Reads of a municipality's staff-only data (a survey's targets and raw answer rows): admins, and partners and
    /// editors of that municipality; a configured key without a home municipality reads for every municipality.
    /// </summary>
    public static bool MayReadStaffData(ClaimsPrincipal user, string? municipalityCode)
    {
        if (user.IsInRole(Roles.Admin)) return true;
        if (!user.IsInRole(Roles.Editor) && !user.IsInRole(Roles.Partner)) return false;
        var home = user.FindFirstValue(ResourceMapClaims.HomeMunicipality);
        return home is null || string.Equals(home, municipalityCode?.Trim(), StringComparison.Ordinal);
    }

    /// <summary>The 403 for a body that names an owner the key may not write for; null when it may.</summary>
    public static WriteError? AssignmentError(ClaimsPrincipal user, string field, string? municipalityCode) =>
        MayWrite(user, municipalityCode)
            ? null
            : WriteError.Forbidden($"Your API key may only write records of its home municipality ({user.FindFirstValue(ResourceMapClaims.HomeMunicipality)}); " +
                                   $"{field} {municipalityCode} is another municipality.");

    /// <summary>403 when the body names an owner the key may not write for; null when it may.</summary>
    public static ProblemHttpResult? RefuseAssignment(ClaimsPrincipal user, string field, string? municipalityCode) =>
        AssignmentError(user, field, municipalityCode)?.ToProblemResult();

    /// <summary>
    /// The endpoint filter for routes with an {id} of an owned record: a record the caller may not write (or, with
    /// <paramref name="forReading"/>, whose staff data it may not read) answers 404 before the handler runs. A missing
    /// record is left to the handler, which answers 404 the same way.
    /// </summary>
    public static RouteHandlerBuilder Owned<TEntity>(this RouteHandlerBuilder builder, string what,
        Expression<Func<TEntity, string>> owner, bool forReading = false) where TEntity : class =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (Guid.TryParse(http.Request.RouteValues["id"]?.ToString(), out var id))
            {
                var db = http.RequestServices.GetRequiredService<ResourceMapDbContext>();
                var code = await db.Set<TEntity>().AsNoTracking().Where(e => EF.Property<Guid>(e, "Id") == id).Select(owner)
                    .SingleOrDefaultAsync(http.RequestAborted);
                var allowed = forReading ? MayReadStaffData(http.User, code) : MayWrite(http.User, code);
                if (code is not null && !allowed) return Problems.NotFoundProblem(what, id);
            }
            return await next(context);
        });
}
