using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using ResourceMap.Infrastructure.Persistence;

namespace ResourceMap.Api.Hosting;

/// <summary>
/// /health/ready and /health/live as JSON: the overall status and, per check, its status and what is wrong, e.g.
/// {"status":"unhealthy","checks":{"database":{"status":"unhealthy","description":"…"}}}. 503 while unhealthy.
/// </summary>
public static class HealthReport
{
    public static Task WriteAsync(HttpContext context, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        if (report.Status == HealthStatus.Unhealthy)
            context.Response.Headers.RetryAfter = ProblemExceptionHandler.DatabaseRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = new
        {
            status = Name(report.Status),
            unhealthy = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key).ToList(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = Name(e.Value.Status),
                description = e.Value.Description,
                duration_ms = (int)e.Value.Duration.TotalMilliseconds,
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    private static string Name(HealthStatus status) => status.ToString().ToLowerInvariant();
}

/// <summary>The primary: ResourceMap cannot write (or read what must be current) without it.</summary>
public sealed class DatabaseHealthCheck(NpgsqlDataSource primary) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await primary.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_is_in_recovery()", connection);
            var inRecovery = (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
            return inRecovery
                ? HealthCheckResult.Unhealthy("The primary database is in recovery (a standby): writes are refused.")
                : HealthCheckResult.Healthy("The primary database accepts reads and writes.");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"The primary database is not reachable: {e.GetBaseException().Message}");
        }
    }
}

/// <summary>The read data source (a standby when configured): searches, tiles and lists keep working while it is up.</summary>
public sealed class ReadReplicaHealthCheck(ReadDataSource reads) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!reads.Separate) return HealthCheckResult.Healthy("No read data source configured: reads use the primary.");
        try
        {
            await using var connection = await reads.Source.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand(
                "SELECT pg_is_in_recovery(), COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var standby = reader.GetBoolean(0);
            var lag = Convert.ToDouble(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
            return HealthCheckResult.Healthy(standby
                ? $"Reads are served by a standby ({connection.Host}:{connection.Port}); last replayed transaction {lag:0.#} s ago."
                : $"No standby reachable: reads are served by the primary ({connection.Host}:{connection.Port}).");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"The read data source is not reachable: {e.GetBaseException().Message}");
        }
    }
}
