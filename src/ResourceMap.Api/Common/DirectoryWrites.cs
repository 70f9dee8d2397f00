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
    /// False when the caller expects (If-Match) another version than the record has; otherwise EF's concurrency check
    /// compares against the expected version on save.
    /// </summary>
    public static bool MatchesVersion(DbContext db, IDirectoryRecord record, uint? expected)
    {
        if (expected is null) return true;
        if (expected != record.Version) return false;
        db.Entry(record).Property(nameof(IDirectoryRecord.Version)).OriginalValue = expected.Value;
        return true;
    }

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
        try
        {
            await db.SaveChangesAsync(ct);
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
            patch = await JsonNode.ParseAsync(body, cancellationToken: ct);
        }
        catch (JsonException)
        {
            return (default, new() { ["body"] = ["The body is not valid JSON."] });
        }
        if (patch is not JsonObject)
            return (default, new() { ["body"] = ["A merge patch must be a JSON object."] });
        var merged = JsonMergePatch.Apply(JsonSerializer.SerializeToNode(current, options), patch);
        try
        {
            return (merged.Deserialize<TRequest>(options), null);
        }
        catch (JsonException e)
        {
            var field = (e.Path ?? "$").TrimStart('$').TrimStart('.');
            var reason = e.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? "Unknown property: this field is not part of the resource and is not accepted."
                : "The value has the wrong type or format for this field.";
            return (default, new() { [field.Length == 0 ? "body" : field] = [reason] });
        }
    }
}
