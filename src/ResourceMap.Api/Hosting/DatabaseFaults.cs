using Npgsql;

namespace ResourceMap.Api.Hosting;

public enum DatabaseFault { None, Duplicate, ConcurrentWrite, Unavailable }

/// <summary>
/// What a database exception means for the client, whichever layer wrapped it (EF Core's DbUpdateException, its
/// retrying execution strategy, a raw Npgsql command): a unique key that a concurrent request took first, a
/// serialisation conflict, or a database that cannot be reached or only accepts reads (a standby while the primary
/// is away).
/// </summary>
public static class DatabaseFaults
{
    public static DatabaseFault Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }:
                    return DatabaseFault.Duplicate;
                case PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected }:
                    return DatabaseFault.ConcurrentWrite;
                case PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction }:
                    return DatabaseFault.Unavailable;
                case PostgresException postgres when postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                                                     || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal)
                                                     || postgres.SqlState == PostgresErrorCodes.TooManyConnections:
                    return DatabaseFault.Unavailable;
                case PostgresException:
                    return DatabaseFault.None;
                case NpgsqlException npgsql when npgsql.IsTransient || npgsql.InnerException is System.Net.Sockets.SocketException or TimeoutException or IOException:
                    return DatabaseFault.Unavailable;
            }
        }
        return DatabaseFault.None;
    }
}
