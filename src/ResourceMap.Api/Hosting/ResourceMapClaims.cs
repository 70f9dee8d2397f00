namespace ResourceMap.Api.Hosting;

/// <summary>Claim types carried by an authenticated key besides its name and role.</summary>
public static class ResourceMapClaims
{
    /// <summary>The key's home municipality (5-digit code); absent for all-municipality configured keys.</summary>
    public const string HomeMunicipality = "home_municipality";
    public const string KeyId = "api_key_id";
}
