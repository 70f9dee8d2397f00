namespace ResourceMap.Api.Hosting;

/// <summary>Authorization policies the endpoints require; registered in HostingExtensions.</summary>
public static class AuthPolicies
{
    /// <summary>Any municipal staff key: partner, editor or admin (reads of staff-only data).</summary>
    public const string Staff = "staff";
    public const string Editor = "editor";
    public const string Admin = "admin";
}
