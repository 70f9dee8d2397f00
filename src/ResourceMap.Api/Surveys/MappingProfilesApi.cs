using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ResourceMap.Api.Common;
using ResourceMap.Api.Hosting;
using ResourceMap.Domain.Surveys;
using ResourceMap.Infrastructure.Persistence;

namespace ResourceMap.Api.Surveys;

/// <summary>Stored, editable header → field mappings, so a municipality's own form export needs no code change.</summary>
public static class MappingProfilesApi
{
    public static RouteGroupBuilder MapMappingProfilesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/mapping-profiles").WithTags("Surveys");
        group.MapGet("/", ListAsync).WithName("ListMappingProfiles").WithSummary("List mapping profiles");
        group.MapGet("/{id}", GetAsync).WithName("GetMappingProfile").WithSummary("Get a mapping profile");
        group.MapPut("/{id}", PutAsync).WithName("PutMappingProfile").WithSummary("Create or replace a mapping profile")
            .WithDescription("Maps the header texts a form exports to the import's fields (organization_name must be mapped) and says where the table is and how answers read (options: header_row, sheet, value_maps, option_columns, other_text_columns, unknown_options_as_other, joined_columns). A profile with a municipality_code belongs to that municipality: its editors create and change it, and its surveys use it. A shared profile (no municipality_code) is changed by admins only: 403 for an editor key of one municipality.")
            .RequireAuthorization(AuthPolicies.Editor).WithValidation<MappingProfileRequest>();
        return group;
    }

    private static async Task<Ok<List<MappingProfileResponse>>> ListAsync(ResourceMapDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await db.MappingProfiles.AsNoTracking().OrderBy(p => p.Id).ToListAsync(ct)).Select(MappingProfileResponse.From).ToList());

    private static async Task<Results<Ok<MappingProfileResponse>, ProblemHttpResult>> GetAsync(string id, ResourceMapDbContext db, CancellationToken ct)
    {
        var profile = await db.MappingProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        return profile is null ? Problems.NotFoundProblem("mapping profile", id) : TypedResults.Ok(MappingProfileResponse.From(profile));
    }

    private static async Task<Results<Ok<MappingProfileResponse>, ValidationProblem, ProblemHttpResult>> PutAsync(string id, MappingProfileRequest request,
        ClaimsPrincipal user, ResourceMapDbContext db, CancellationToken ct)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(id, "^[a-z0-9][a-z0-9-]{1,63}$"))
            return Problems.ValidationProblem("id", "A profile id is 2–64 lower-case letters, digits and hyphens.");
        // An editor of one municipality writes profiles of that municipality; without a code given, the profile is theirs.
        var home = user.FindFirstValue(ResourceMapClaims.HomeMunicipality);
        var owner = request.MunicipalityCode?.Trim() ?? (user.IsInRole(Roles.Admin) ? null : home);
        var profile = await db.MappingProfiles.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (profile is not null && !Ownership.MayWrite(user, profile.MunicipalityCode))
            return TypedResults.Problem(statusCode: 403, type: Problems.Forbidden, title: "Forbidden",
                detail: profile.MunicipalityCode is null
                    ? "This mapping profile is shared by every municipality; ask an admin to change it, or create one for your municipality."
                    : $"This mapping profile belongs to municipality {profile.MunicipalityCode}.");
        if (!Ownership.MayWrite(user, owner))
            return owner is null
                ? TypedResults.Problem(statusCode: 403, type: Problems.Forbidden, title: "Forbidden",
                    detail: "Only admins create shared mapping profiles; give your municipality_code.")
                : Ownership.RefuseAssignment(user, "municipality_code", owner)!;
        if (owner is not null && !await db.Municipalities.AnyAsync(m => m.Code == owner, ct))
            return Problems.ValidationProblem("municipality_code", $"No municipality has the code {owner}.");
        var now = DateTimeOffset.UtcNow;
        if (profile is null)
        {
            profile = new MappingProfile { Id = id, Name = "", Kind = request.Kind, CreatedAt = now };
            db.MappingProfiles.Add(profile);
        }
        profile.Name = request.Name;
        profile.Kind = request.Kind;
        profile.MunicipalityCode = owner;
        profile.Columns = request.Columns.ToDictionary(c => c.Key, c => c.Value.Select(h => h.Trim()).ToList());
        profile.Options = request.Options ?? new MappingOptions();
        profile.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(MappingProfileResponse.From(profile));
    }
}
