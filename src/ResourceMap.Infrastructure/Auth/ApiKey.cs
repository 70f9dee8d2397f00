namespace ResourceMap.Infrastructure.Auth;

/// <summary>
/// A personal API key issued through the API: who holds it, the role and home municipality it acts with. Only the
/// SHA-256 of the key is stored; the plaintext is shown once, when it is issued. Revoked keys stay for the history.
/// </summary>
public class ApiKey
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    /// <summary>partner, editor or admin.</summary>
    public required string Role { get; set; }
    public required string HomeMunicipalityCode { get; set; }
    /// <summary>Lower-case hex SHA-256 of the key.</summary>
    public required string Hash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
