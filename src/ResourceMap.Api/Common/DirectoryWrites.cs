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

    /// <summary>If-Match against a tracked record (see <see cref="IfMatch"/>).</summary>
    public static bool MatchesIfMatch(HttpRequest request, DbContext db, IDirectoryRecord record) => IfMatch.Check(request, db, record);

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
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await db.SaveChangesAsync(ct);
                return SaveOutcome.Saved;
            }
            catch (DbUpdateConcurrencyException e) when (!IfMatch.IsPinned(db) && attempt < 5)
            {
                // No If-Match: a concurrent write is no precondition failure. Take the row's current version and write
                // the fields this request changed on top of it (last writer wins, field by field).
                foreach (var entry in e.Entries)
                {
                    var current = await entry.GetDatabaseValuesAsync(ct);
                    if (current is null) return SaveOutcome.Stale; // deleted meanwhile
                    var version = entry.Metadata.FindProperty(nameof(IDirectoryRecord.Version));
                    if (version is not null) entry.Property(version.Name).OriginalValue = current[version];
                }
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
    }

    /// <summary>
    /// PATCH as RFC 7396 merge patch: the current state, as the PUT body would carry it, merged with the patch and
    /// read back through the same strict JSON rules (unknown properties rejected) and validator as PUT.
    /// </summary>
    public static async Task<(TRequest? Merged, Dictionary<string, string[]>? Errors)> MergeAsync<TRequest>(
        TRequest current, HttpRequest request, JsonSerializerOptions options, CancellationToken ct)
    {
        JsonNode? patch;
        try
        {
            // Duplicate keys are refused while parsing, as in every other body (never last-wins).
            patch = await JsonNode.ParseAsync(request.Body, documentOptions: Hosting.ApiJson.DocumentOptions, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            return (default, Hosting.ProblemExceptionHandler.JsonErrors(e));
        }
        if (patch is not JsonObject)
            return (default, new() { ["body"] = ["A merge patch must be a JSON object."] });
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
