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
            .WithDescription("Maps the header texts a form exports to the import's fields; organization_name must be mapped. Profiles are shared by every municipality, so only admins (and configured keys without a home municipality) change them: 403 for an editor key of one municipality.")
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
        // Shared by all municipalities: an editor bound to one municipality may not change what the others import with.
        if (!Ownership.MayWrite(user, null))
            return TypedResults.Problem(statusCode: 403, type: Problems.Forbidden, title: "Forbidden",
                detail: "Mapping profiles are shared by every municipality; ask an admin to change them.");
        if (!System.Text.RegularExpressions.Regex.IsMatch(id, "^[a-z0-9][a-z0-9-]{1,63}$"))
            return Problems.ValidationProblem("id", "A profile id is 2–64 lower-case letters, digits and hyphens.");
        var now = DateTimeOffset.UtcNow;
        var profile = await db.MappingProfiles.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (profile is null)
        {
            profile = new MappingProfile { Id = id, Name = "", Kind = request.Kind, CreatedAt = now };
            db.MappingProfiles.Add(profile);
        }
        profile.Name = request.Name;
        profile.Kind = request.Kind;
        profile.Columns = request.Columns.ToDictionary(c => c.Key, c => c.Value.Select(h => h.Trim()).ToList());
        profile.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(MappingProfileResponse.From(profile));
    }
}
