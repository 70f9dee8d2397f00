using Npgsql;

namespace ResourceMap.Infrastructure.Persistence;

/// <summary>
/// Where reads that may lag the primary by a replication delay go: searches, tiles, lists and exports. Built from
/// ConnectionStrings:ResourceMapRead, a multi-host Npgsql connection string such as
/// <c>Host=standby:5432,primary:5432;Target Session Attributes=prefer-standby;Load Balance Hosts=true</c>, so a
/// standby answers while there is one and the primary otherwise; without it, reads use the primary.
/// </summary>
public sealed class ReadDataSource(NpgsqlDataSource source, bool separate, NpgsqlDataSource searches)
{
    public NpgsqlDataSource Source { get; } = source;

    /// <summary>The same database for the map searches, with sessions set up for them (PersistenceRegistration.BuildSearchDataSource).</summary>
    public NpgsqlDataSource Searches { get; } = searches;

    /// <summary>True when reads have a data source of their own (a standby may answer them).</summary>
    public bool Separate { get; } = separate;
}
