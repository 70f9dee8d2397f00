using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using NetTopologySuite.IO.Converters;
using ResourceMap.Domain.Directory;
using ResourceMap.Domain.Geography;

namespace ResourceMap.Infrastructure.Audit;

/// <summary>
/// Writes an <see cref="AuditEntry"/> for every tracked change to the audited entity types, inside the same
/// SaveChanges (and so the same transaction) as the change itself. Central, so no endpoint can forget it.
/// Raw SQL and ExecuteUpdate bypass it: they are used only for derived columns (service-area and region geometry).
/// </summary>
public sealed class AuditInterceptor(IAuditActorAccessor actorAccessor) : SaveChangesInterceptor
{
    /// <summary>Search keys and row versions are derived noise in a history; key hashes stay out of it too.</summary>
    private static readonly HashSet<string> Skipped = ["search_text", "xmin", "hash"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new GeoJsonConverterFactory() },
    };

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is not null) Record(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not null) Record(eventData.Context);
        return ValueTask.FromResult(result);
    }

    /// <summary>
    /// A failed save (412, duplicate 法人番号) leaves its audit rows tracked: drop them, so a later save on the same
    /// context does not record a change that never happened.
    /// </summary>
    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private static void Forget(DbContext? context)
    {
        if (context is null) return;
        foreach (var entry in context.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).ToList())
            entry.State = EntityState.Detached;
    }

    private void Record(DbContext context)
    {
        context.ChangeTracker.DetectChanges();
        var now = DateTimeOffset.UtcNow;
        var actor = actorAccessor.CurrentActor ?? AuditActorScope.Actor ?? AuditActorScope.System;
        var entries = new List<AuditEntry>();
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            var identity = Identify(entry.Entity);
            if (identity is null) continue;
            var action = ActionOf(entry);
            if (action is null) continue;
            entries.Add(new AuditEntry
            {
                OccurredAt = now, Actor = actor, Action = action, EntityType = identity.Value.Type, EntityId = identity.Value.Id,
                Before = entry.State == EntityState.Added ? null : Snapshot(entry, original: true),
                After = entry.State == EntityState.Deleted ? null : Snapshot(entry, original: false),
            });
        }
        if (entries.Count > 0) context.Set<AuditEntry>().AddRange(entries);
    }

    private static (string Type, string Id)? Identify(object entity) => entity switch
    {
        Organization o => ("organization", o.Id.ToString()),
        Location l => ("location", l.Id.ToString()),
        Service s => ("service", s.Id.ToString()),
        ServiceArea a => ("service_area", a.ServiceId.ToString()),
        ServiceAtLocation sal => ("service_at_location", sal.ServiceId.ToString()),
        Region r => ("region", r.Id),
        RegionMember m => ("region_member", m.RegionId),
        Auth.ApiKey k => ("api_key", k.Id.ToString()),
        _ => null,
    };

    /// <summary>Null when a Modified entry changed no stored value (EF marks whole graphs modified at times).</summary>
    private static string? ActionOf(EntityEntry entry)
    {
        switch (entry.State)
        {
            case EntityState.Added: return AuditActions.Create;
            case EntityState.Deleted: return AuditActions.Delete;
        }
        var changed = entry.Properties
            .Where(p => p.IsModified && !Skipped.Contains(Column(p))
                        && !p.Metadata.GetValueComparer().Equals(p.OriginalValue, p.CurrentValue))
            .Select(Column).ToList();
        if (changed.Count == 0) return null;
        if (entry.Entity is IDirectoryRecord record && record.ArchivedAt is not null
            && entry.Property(nameof(IDirectoryRecord.ArchivedAt)).OriginalValue is null)
            return AuditActions.Archive;
        // "Confirmed unchanged" touches only the verification time.
        if (changed.All(c => c == "last_verified_at")) return AuditActions.Verify;
        return AuditActions.Update;
    }

    private static string Snapshot(EntityEntry entry, bool original)
    {
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in entry.Properties)
        {
            var column = Column(property);
            if (Skipped.Contains(column)) continue;
            values[column] = original ? property.OriginalValue : property.CurrentValue;
        }
        return JsonSerializer.Serialize(values, Json);
    }

    private static string Column(PropertyEntry property) => property.Metadata.GetColumnName();
}
