namespace ResourceMap.Infrastructure.Audit;

/// <summary>
/// One recorded change to a directory record (organisation, location, service, its area and sites), a region or an API key:
/// who, when, what, and the stored values before and after. Rows are only ever inserted, so history survives
/// archiving and deletion of the record itself.
/// </summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    /// <summary>The API key's name, or system:seed / system for work outside a request.</summary>
    public required string Actor { get; set; }
    /// <summary>create, update, archive, verify or delete.</summary>
    public required string Action { get; set; }
    /// <summary>organization, location, service, service_area, service_at_location, region, region_member or api_key.</summary>
    public required string EntityType { get; set; }
    /// <summary>The record's id; for service areas and site links the service id, for region members the region id.</summary>
    public required string EntityId { get; set; }
    /// <summary>jsonb: the stored column values before the change (null for create).</summary>
    public string? Before { get; set; }
    /// <summary>jsonb: the stored column values after the change (null for delete).</summary>
    public string? After { get; set; }
}

public static class AuditActions
{
    public const string Create = "create";
    public const string Update = "update";
    public const string Archive = "archive";
    public const string Verify = "verify";
    public const string Delete = "delete";
}

/// <summary>Who is changing data right now; the API answers with the authenticated key's name.</summary>
public interface IAuditActorAccessor
{
    string? CurrentActor { get; }
}

/// <summary>Names the actor for work that runs outside an HTTP request (seeding, command-line setup).</summary>
public static class AuditActorScope
{
    public const string Seed = "system:seed";
    public const string System = "system";

    private static readonly AsyncLocal<string?> Current = new();

    public static string? Actor => Current.Value;

    public static IDisposable Use(string actor)
    {
        var previous = Current.Value;
        Current.Value = actor;
        return new Restore(previous);
    }

    private sealed class Restore(string? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
