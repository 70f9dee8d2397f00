using System.ComponentModel;
using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ResourceMap.Api.Common;
using ResourceMap.Api.Hosting;
using ResourceMap.Domain.Geography;
using ResourceMap.Infrastructure.Auth;
using ResourceMap.Infrastructure.Persistence;

namespace ResourceMap.Api.Keys;

public record CreateApiKeyRequest(
    [property: Description("Who holds the key, e.g. a person's name and office; recorded as the actor in the audit log.")] string Name,
    [property: Description("partner | editor | admin")] string Role,
    [property: Description("The key's home municipality (5- or 6-digit code): editors write only its records.")] string HomeMunicipalityCode);

public record ApiKeyResponse(
    Guid Id, string Name, string Role, string HomeMunicipalityCode, DateTimeOffset CreatedAt, string CreatedBy,
    [property: Description("Null while the key is valid; a revoked key is refused (401) from then on.")] DateTimeOffset? RevokedAt)
{
    public static ApiKeyResponse From(ApiKey k) => new(k.Id, k.Name, k.Role, k.HomeMunicipalityCode, k.CreatedAt, k.CreatedBy, k.RevokedAt);
}

public record IssuedApiKeyResponse(
    Guid Id, string Name, string Role, string HomeMunicipalityCode, DateTimeOffset CreatedAt, string CreatedBy,
    [property: Description("The key itself, for the X-Api-Key header. Shown only in this response: only its SHA-256 is stored.")] string Key);

public class CreateApiKeyValidator : AbstractValidator<CreateApiKeyRequest>
{
    public CreateApiKeyValidator()
    {
        RuleFor(k => k.Name).NotEmpty().MaximumLength(200).MustBeSingleLine();
        RuleFor(k => k.Role).NotEmpty().Must(r => Roles.All.Contains(r)).WithMessage("role is partner, editor or admin.");
        RuleFor(k => k.HomeMunicipalityCode).NotEmpty().MustBeMunicipalityCode();
    }
}

/// <summary>Personal API keys, issued, listed and revoked by admins. Every change is audited (entity type api_key).</summary>
public static class KeysApi
{
    public static RouteGroupBuilder MapKeysApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/keys").WithTags("Keys").RequireAuthorization(AuthPolicies.Admin);
        group.MapPost("/", CreateAsync).WithName("IssueApiKey").WithSummary("Issue an API key (admin)")
            .WithDescription("Returns the key once, in `key`; only its SHA-256 is stored, so a lost key is revoked and issued again.")
            .WithValidation<CreateApiKeyRequest>();
        group.MapGet("/", ListAsync).WithName("ListApiKeys").WithSummary("List API keys (admin)")
            .WithDescription("Every issued key, revoked ones included, newest first; never the key or its hash. Keys configured in Auth:ApiKeys are not listed.");
        group.MapDelete("/{id:guid}", RevokeAsync).WithName("RevokeApiKey").WithSummary("Revoke an API key (admin)")
            .WithDescription("The key is refused (401) from the next request on. Revoking twice is a no-op.");
        return group;
    }

    private static async Task<Results<Created<IssuedApiKeyResponse>, ValidationProblem>> CreateAsync(CreateApiKeyRequest request,
        ClaimsPrincipal user, ApiKeyWriter keys, CancellationToken ct)
    {
        var home = MunicipalityCode.Parse(request.HomeMunicipalityCode).Value;
        var result = await keys.IssueAsync(request.Name, request.Role, home, user.FindFirstValue(ClaimTypes.Name) ?? "unknown", ct);
        if (!result.Succeeded) return result.Error!.ToValidationProblem();
        var (key, plaintext) = result.Value!;
        return TypedResults.Created($"/api/keys/{key.Id}",
            new IssuedApiKeyResponse(key.Id, key.Name, key.Role, key.HomeMunicipalityCode, key.CreatedAt, key.CreatedBy, plaintext));
    }

    private static async Task<Ok<List<ApiKeyResponse>>> ListAsync(ResourceMapDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ThenBy(k => k.Id).ToListAsync(ct))
            .Select(ApiKeyResponse.From).ToList());

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(Guid id, ApiKeyWriter keys, CancellationToken ct)
    {
        var result = await keys.RevokeAsync(id, ct);
        return result.Succeeded ? TypedResults.NoContent() : result.Error!.ToProblemResult();
    }
}
