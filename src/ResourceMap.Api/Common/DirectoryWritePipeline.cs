using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResourceMap.Domain.Directory;
using ResourceMap.Infrastructure.Persistence;
using static ResourceMap.Api.Common.DirectoryWrites;

namespace ResourceMap.Api.Common;

/// <summary>What the write pipeline needs to know about one kind of directory record; the rules stay in the writer.</summary>
public interface IDirectoryRecordWriter<TEntity, TRequest> where TEntity : class, IDirectoryRecord
{
    /// <summary>The record's name in problem details: "organization", "location", "service".</summary>
    string What { get; }

    /// <summary>The municipality that owns a record (for a site, the one it lies in).</summary>
    string OwnerOf(TEntity entity);

    /// <summary>The record, tracked, with what a change or an archive touches; null when there is none.</summary>
    Task<TEntity?> FindAsync(Guid id, CancellationToken ct);

    /// <summary>The record as a PUT body would carry it: a merge patch's starting point.</summary>
    TRequest ToRequest(TEntity entity);

    /// <summary>Checks a valid request against the database and the actor's rights, then copies it onto the record.</summary>
    Task<WriteError?> ChangeAsync(TEntity entity, TRequest request, DirectoryActor actor, CancellationToken ct);

    /// <summary>Soft-deletes the record and what goes with it.</summary>
    void Archive(TEntity entity, DateTimeOffset now);

    /// <summary>After the save, in the same transaction: derived data, and the record as responses show it.</summary>
    Task<TEntity> SavedAsync(TEntity entity, bool changed, CancellationToken ct);

    /// <summary>The answer to a unique-constraint violation on save.</summary>
    WriteError Duplicate(TRequest request);
}

/// <summary>
/// The one path of PUT, PATCH, DELETE and POST …/verify for organisations, sites and services: ownership (404),
/// archived records read-only (409), If-Match (412), a transaction around the change and its derived data, and the
/// same outcomes for every kind of record. The per-kind rules are the writer's (<see cref="IDirectoryRecordWriter{TEntity, TRequest}"/>).
/// </summary>
public sealed class DirectoryWritePipeline<TEntity, TRequest>(
    IDirectoryRecordWriter<TEntity, TRequest> writer, ResourceMapDbContext db, IValidator<TRequest> validator,
    IOptions<JsonOptions> json)
    where TEntity : class, IDirectoryRecord where TRequest : notnull
{
    public string What => writer.What;

    public async Task<WriteResult<TEntity>> ReplaceAsync(Guid id, TRequest request, IfMatch ifMatch, DirectoryActor actor,
        CancellationToken ct)
    {
        var entity = await FindOwnedAsync(id, actor, ct);
        if (entity is null) return WriteError.NotFound(writer.What, id);
        return await ChangeAsync(entity, request, ifMatch, actor, ct);
    }

    /// <summary>RFC 7396 merge patch onto the record's current state, then validated and applied exactly like PUT.</summary>
    public async Task<WriteResult<TEntity>> PatchAsync(Guid id, Stream patch, IfMatch ifMatch, DirectoryActor actor,
        CancellationToken ct)
    {
        var entity = await FindOwnedAsync(id, actor, ct);
        if (entity is null) return WriteError.NotFound(writer.What, id);
        var (merged, errors) = await MergeAsync(writer.ToRequest(entity), patch, json.Value.SerializerOptions, ct);
        if (errors is not null) return WriteError.Invalid(errors);
        var validation = await validator.ValidateAsync(merged!, ct);
        if (!validation.IsValid) return WriteError.Invalid(validation.ToSnakeCaseDictionary());
        return await ChangeAsync(entity, merged!, ifMatch, actor, ct);
    }

    /// <summary>"Confirmed unchanged": only last_verified_at moves.</summary>
    public async Task<WriteResult<TEntity>> VerifyAsync(Guid id, IfMatch ifMatch, DirectoryActor actor, CancellationToken ct)
    {
        var entity = await FindOwnedAsync(id, actor, ct);
        if (entity is null) return WriteError.NotFound(writer.What, id);
        if (entity.ArchivedAt is not null) return WriteError.Archived(writer.What);
        if (!MatchesIfMatch(db, entity, ifMatch)) return WriteError.Stale(writer.What);
        StampVerified(entity);
        if (await SaveAsync(db, ct) == SaveOutcome.Stale) return WriteError.Stale(writer.What);
        return await writer.SavedAsync(entity, changed: false, ct);
    }

    /// <summary>Soft delete; archiving an archived record again changes nothing and succeeds.</summary>
    public async Task<WriteResult<TEntity>> ArchiveAsync(Guid id, IfMatch ifMatch, DirectoryActor actor, CancellationToken ct)
    {
        var entity = await FindOwnedAsync(id, actor, ct);
        if (entity is null) return WriteError.NotFound(writer.What, id);
        if (entity.ArchivedAt is not null) return entity;
        if (!MatchesIfMatch(db, entity, ifMatch)) return WriteError.Stale(writer.What);
        writer.Archive(entity, DateTimeOffset.UtcNow);
        return await SaveAsync(db, ct) == SaveOutcome.Stale ? WriteError.Stale(writer.What) : entity;
    }

    private async Task<TEntity?> FindOwnedAsync(Guid id, DirectoryActor actor, CancellationToken ct)
    {
        var entity = await writer.FindAsync(id, ct);
        return entity is not null && actor.MayWrite(writer.OwnerOf(entity)) ? entity : null;
    }

    private async Task<WriteResult<TEntity>> ChangeAsync(TEntity entity, TRequest request, IfMatch ifMatch,
        DirectoryActor actor, CancellationToken ct)
    {
        if (entity.ArchivedAt is not null) return WriteError.Archived(writer.What);
        if (!MatchesIfMatch(db, entity, ifMatch)) return WriteError.Stale(writer.What);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await writer.ChangeAsync(entity, request, actor, ct) is { } refused) return refused;
        StampUpdated(entity);
        switch (await SaveAsync(db, ct))
        {
            case SaveOutcome.Stale: return WriteError.Stale(writer.What);
            case SaveOutcome.Duplicate: return writer.Duplicate(request);
        }
        var saved = await writer.SavedAsync(entity, changed: true, ct);
        await transaction.CommitAsync(ct);
        return saved;
    }
}

/// <summary>The HTTP side of the pipeline: the four routes, their answers and the ownership filter, for any record kind.</summary>
public static class DirectoryWriteEndpoints
{
    public sealed record Routes(RouteHandlerBuilder Replace, RouteHandlerBuilder Patch, RouteHandlerBuilder Archive, RouteHandlerBuilder Verify);

    /// <summary>
    /// Maps PUT /{id}, PATCH /{id}, DELETE /{id} and POST /{id}/verify. <paramref name="respond"/> renders the saved
    /// record for the caller who wrote it (restricted fields included: a writer may see what it wrote).
    /// </summary>
    public static Routes MapDirectoryWrites<TEntity, TRequest, TResponse>(this RouteGroupBuilder group, string what,
        System.Linq.Expressions.Expression<Func<TEntity, string>> owner, Func<TEntity, Freshness, TResponse> respond)
        where TEntity : class, IDirectoryRecord where TRequest : notnull
    {
        // Handlers as typed delegates: the same for every record kind, closed over TEntity/TRequest/TResponse here.
        Func<Guid, TRequest, HttpContext, DirectoryWritePipeline<TEntity, TRequest>, Freshness, CancellationToken,
            Task<Results<Ok<TResponse>, ValidationProblem, ProblemHttpResult>>> replaceHandler =
            async (id, request, http, pipeline, freshness, ct) =>
                Answer(await pipeline.ReplaceAsync(id, request, IfMatch.From(http.Request), new DirectoryActor(http.User), ct),
                    http, e => respond(e, freshness));
        Func<Guid, HttpContext, DirectoryWritePipeline<TEntity, TRequest>, Freshness, CancellationToken,
            Task<Results<Ok<TResponse>, ValidationProblem, ProblemHttpResult>>> patchHandler =
            async (id, http, pipeline, freshness, ct) =>
                Answer(await pipeline.PatchAsync(id, http.Request.Body, IfMatch.From(http.Request), new DirectoryActor(http.User), ct),
                    http, e => respond(e, freshness));
        Func<Guid, HttpContext, DirectoryWritePipeline<TEntity, TRequest>, CancellationToken, Task<Results<NoContent, ProblemHttpResult>>> archiveHandler =
            async (id, http, pipeline, ct) =>
            {
                var result = await pipeline.ArchiveAsync(id, IfMatch.From(http.Request), new DirectoryActor(http.User), ct);
                return result.Succeeded ? TypedResults.NoContent() : result.Error!.ToProblemResult();
            };
        Func<Guid, HttpContext, DirectoryWritePipeline<TEntity, TRequest>, Freshness, CancellationToken,
            Task<Results<Ok<TResponse>, ProblemHttpResult>>> verifyHandler =
            async (id, http, pipeline, freshness, ct) =>
            {
                var result = await pipeline.VerifyAsync(id, IfMatch.From(http.Request), new DirectoryActor(http.User), ct);
                if (!result.Succeeded) return result.Error!.ToProblemResult();
                ETags.Set(http.Response, result.Value!.Version);
                return TypedResults.Ok(respond(result.Value, freshness));
            };
        var replace = group.MapPut("/{id:guid}", (Delegate)replaceHandler);
        var patch = group.MapPatch("/{id:guid}", (Delegate)patchHandler).Accepts<TRequest>(JsonMergePatch.MediaType);
        var archive = group.MapDelete("/{id:guid}", (Delegate)archiveHandler);
        var verify = group.MapPost("/{id:guid}/verify", (Delegate)verifyHandler);
        // Validation first, as for every POST/PUT; then ownership (404) before the handler loads anything.
        replace.WithValidation<TRequest>();
        foreach (var route in new[] { replace, patch, archive, verify }) route.Owned(what, owner);
        return new Routes(replace, patch, archive, verify);
    }

    /// <summary>200 with the record and its ETag, or the write's problem.</summary>
    public static Results<Ok<TResponse>, ValidationProblem, ProblemHttpResult> Answer<TEntity, TResponse>(WriteResult<TEntity> result,
        HttpContext http, Func<TEntity, TResponse> respond) where TEntity : class, IDirectoryRecord
    {
        if (!result.Succeeded) return result.Error!.Problem<Ok<TResponse>>();
        ETags.Set(http.Response, result.Value!.Version);
        return TypedResults.Ok(respond(result.Value));
    }

    /// <summary>The write's problem as one of an endpoint's declared results: 400 with the fields, or 403/404/409/412.</summary>
    public static Results<TOk, ValidationProblem, ProblemHttpResult> Problem<TOk>(this WriteError error) where TOk : IResult =>
        error.Kind == WriteFailure.Invalid ? error.ToValidationProblem() : error.ToProblemResult();
}
