using Microsoft.EntityFrameworkCore;
using ResourceMap.Api.Common;
using ResourceMap.Api.Hosting;
using ResourceMap.Infrastructure.Auth;
using ResourceMap.Infrastructure.Persistence;

namespace ResourceMap.Api.Keys;

/// <summary>A key just issued: the stored record and the plaintext, which is shown once and never stored.</summary>
public sealed record IssuedKey(ApiKey Key, string Plaintext);

/// <summary>Issues and revokes personal API keys, for POST /api/keys and the issue-admin-key command alike.</summary>
public sealed class ApiKeyWriter(ResourceMapDbContext db)
{
    /// <summary>Stores a new key's hash for a home municipality that exists; returns the plaintext once.</summary>
    public async Task<WriteResult<IssuedKey>> IssueAsync(string name, string role, string homeMunicipalityCode, string createdBy,
        CancellationToken ct)
    {
        if (!await db.Municipalities.AnyAsync(m => m.Code == homeMunicipalityCode, ct))
            return WriteError.Invalid("home_municipality_code", $"No municipality has the code {homeMunicipalityCode}.");
        var plaintext = ApiKeyAuthenticationHandler.NewKey();
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(), Name = name.Trim(), Role = role, HomeMunicipalityCode = homeMunicipalityCode,
            Hash = ApiKeyAuthenticationHandler.Hash(plaintext), CreatedAt = DateTimeOffset.UtcNow, CreatedBy = createdBy,
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return new IssuedKey(key, plaintext);
    }

    /// <summary>Revokes a key from the next request on; revoking twice changes nothing.</summary>
    public async Task<WriteResult<ApiKey>> RevokeAsync(Guid id, CancellationToken ct)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct);
        if (key is null) return WriteError.NotFound("API key", id);
        if (key.RevokedAt is null)
        {
            key.RevokedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync(ct);
        }
        return key;
    }
}
