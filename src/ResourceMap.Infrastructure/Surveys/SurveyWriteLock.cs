using Microsoft.EntityFrameworkCore;
using Npgsql;
using ResourceMap.Infrastructure.Persistence;

namespace ResourceMap.Infrastructure.Surveys;

/// <summary>
/// Serialises the writes of one survey — answer commits, target imports, publishing — across requests and API
/// processes with a PostgreSQL transaction-scoped advisory lock, released when the transaction ends. A second
/// commit of the same file waits, then reads what the first stored and finds nothing left to do, instead of racing
/// it into a unique-key violation or a second copy. Call it inside the transaction, before reading the state the
/// write depends on.
/// </summary>
public static class SurveyWriteLock
{
    /// <summary>Distinguishes these locks from any other advisory lock on the database.</summary>
    private const long Namespace = 0x5355_5256_4559_0000; // "SURVEY"

    public static async Task AcquireAsync(ResourceMapDbContext db, Guid surveyId, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("The survey write lock lives as long as a transaction: begin one first.");
        try
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(@key)", [new NpgsqlParameter("key", KeyOf(surveyId))], ct);
        }
        catch (Exception e) when (e is NpgsqlException { InnerException: TimeoutException } or PostgresException { SqlState: "57014" or "55P03" })
        {
            // Waited longer than the command timeout behind another write of the survey (a large import).
            throw new SurveyBusyException(e);
        }
    }

    public static long KeyOf(Guid surveyId)
    {
        Span<byte> bytes = stackalloc byte[16];
        surveyId.TryWriteBytes(bytes);
        return Namespace ^ BitConverter.ToInt64(bytes[..8]) ^ BitConverter.ToInt64(bytes[8..]);
    }
}

/// <summary>Another write of the same survey held its lock longer than this request could wait: retry later (409).</summary>
public sealed class SurveyBusyException(Exception inner)
    : Exception("Another import or publish of this survey is still running.", inner);
