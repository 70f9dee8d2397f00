using System.Security.Claims;
using ResourceMap.Api.Hosting;

namespace ResourceMap.Api.Common;

/// <summary>
/// Who a directory write is for, as the writers see it: an API caller (its key's role and home municipality) or the
/// system itself (seeding, survey publishing, maintenance commands), which may write every municipality's records.
/// </summary>
public sealed record DirectoryActor(ClaimsPrincipal User)
{
    public static readonly DirectoryActor System =
        new(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "system"), new Claim(ClaimTypes.Role, Roles.Admin)], "system")));

    public bool MayWrite(string? municipalityCode) => Ownership.MayWrite(User, municipalityCode);

    /// <summary>Refuses (403) a body that assigns a record to a municipality this actor may not write for.</summary>
    public WriteError? RefuseAssignment(string field, string? municipalityCode) =>
        Ownership.AssignmentError(User, field, municipalityCode);
}
