using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ResourceMap.Domain.Directory;

namespace ResourceMap.Api.Common;

/// <summary>What every directory write shares: If-Match, soft-deleted records, timestamps and save outcomes.</summary>
public static class DirectoryWrites
{
    public enum SaveOutcome { Saved, Stale, Duplicate }

    /// <summary>
    /// If-Match (RFC 9110, see <see cref="IfMatch"/>) against a tracked record. False when no listed tag matches;
    /// when one does, the save is made conditional on that version (412 if a write races in between). Without
    /// If-Match, <see cref="SaveAsync"/> locks the row and writes over its current version instead.
    /// </summary>
    public static bool MatchesIfMatch(DbContext db, IDirectoryRecord record, IfMatch ifMatch) => ifMatch.Check(db, record);

    public static void StampCreated(IDirectoryRecord record)
    {
        var now = DateTimeOffset.UtcNow;
        record.CreatedAt = now;
        record.UpdatedAt = now;
        record.LastVerifiedAt = now;
    }

    /// <summary>An edit is also a confirmation that the record is current.</summary>
    public static void StampUpdated(IDirectoryRecord record)
    {
        var now = DateTimeOffset.UtcNow;
        record.UpdatedAt = now;
        record.LastVerifiedAt = now;
    }

    /// <summary>"Confirmed unchanged": only the verification time moves, so the audit shows a verify, not an edit.</summary>
    public static void StampVerified(IDirectoryRecord record) => record.LastVerifiedAt = DateTimeOffset.UtcNow;

    public static async Task<SaveOutcome> SaveAsync(DbContext db, CancellationToken ct)
    {
        var pinned = IfMatch.IsPinned(db);
        await using var own = !pinned && db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            // No If-Match: a concurrent write is no precondition failure. Lock the rows and write over their current
            // version (last writer wins, field by field: only the fields this request changed are written).
            if (!pinned && !await TakeCurrentVersionsAsync(db, ct)) return SaveOutcome.Stale;
            await db.SaveChangesAsync(ct);
            if (own is not null) await own.CommitAsync(ct);
            return SaveOutcome.Saved;
        }
        catch (DbUpdateConcurrencyException)
        {
            return SaveOutcome.Stale;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return SaveOutcome.Duplicate;
        }
    }

    /// <summary>SELECT … FOR UPDATE of each changed versioned row; false when one was deleted meanwhile.</summary>
    private static async Task<bool> TakeCurrentVersionsAsync(DbContext db, CancellationToken ct)
    {
        var changed = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Modified or EntityState.Deleted && e.Metadata.FindProperty(nameof(IDirectoryRecord.Version)) is not null)
            .ToList();
        foreach (var entry in changed)
        {
            var table = entry.Metadata.GetTableName()!;
            var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, entry.Metadata.GetSchema());
            var key = entry.Metadata.FindPrimaryKey()!.Properties.Single();
            var version = entry.Metadata.FindProperty(nameof(IDirectoryRecord.Version))!;
            var qualified = entry.Metadata.GetSchema() is { } schema ? $"\"{schema}\".\"{table}\"" : $"\"{table}\"";
            // Identifiers come from the EF model, never from the request; the id is a parameter.
            var sql = $"SELECT {version.GetColumnName(store)}::text::bigint AS \"Value\" FROM {qualified} WHERE \"{key.GetColumnName(store)}\" = @id FOR UPDATE";
            var current = await db.Database.SqlQueryRaw<long>(sql, new NpgsqlParameter("id", entry.Property(key.Name).CurrentValue))
                .ToListAsync(ct);
            if (current.Count == 0) return false;
            entry.Property(version.Name).OriginalValue = (uint)current[0];
        }
        return true;
    }

    /// <summary>
    /// Strings of a parsed patch that the API does not store (lone surrogates, NUL, control characters), keyed by
    /// their path: caught before the merge, which would otherwise fail writing them out.
    /// </summary>
    private static Dictionary<string, string[]> TextProblems(JsonNode node)
    {
        var errors = new Dictionary<string, string[]>();
        void Visit(JsonNode? current)
        {
            switch (current)
            {
                case JsonObject o: foreach (var (_, child) in o) Visit(child); break;
                case JsonArray a: foreach (var child in a) Visit(child); break;
                case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                    string? problem;
                    try { problem = Hosting.TextRules.Problem(v.GetValue<string>()); }
                    catch (InvalidOperationException) { problem = "The text contains a lone UTF-16 surrogate (an unpaired \\ud800–\\udfff escape)."; }
                    if (problem is not null) errors[v.GetPath().TrimStart('$').TrimStart('.')] = [problem];
                    break;
            }
        }
        Visit(node);
        return errors;
    }

    /// <summary>
    /// PATCH as RFC 7396 merge patch: the current state, as the PUT body would carry it, merged with the patch and
    /// read back through the same strict JSON rules (unknown properties rejected) and validator as PUT.
    /// </summary>
    public static async Task<(TRequest? Merged, Dictionary<string, string[]>? Errors)> MergeAsync<TRequest>(
        TRequest current, Stream body, JsonSerializerOptions options, CancellationToken ct)
    {
        JsonNode? patch;
        try
        {
            // Duplicate keys are refused while parsing, as in every other body (never last-wins).
            patch = await JsonNode.ParseAsync(body, documentOptions: Hosting.ApiJson.DocumentOptions, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            return (default, Hosting.ProblemExceptionHandler.JsonErrors(e));
        }
        if (patch is not JsonObject)
            return (default, new() { ["body"] = ["A merge patch must be a JSON object."] });
        if (TextProblems(patch) is { Count: > 0 } textProblems) return (default, textProblems);
        try
        {
            var merged = JsonMergePatch.Apply(JsonSerializer.SerializeToNode(current, options), patch);
            return (merged.Deserialize<TRequest>(options), null);
        }
        catch (JsonException e)
        {
            return (default, Hosting.ProblemExceptionHandler.JsonErrors(e));
        }
    }
}
