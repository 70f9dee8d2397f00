namespace ResourceMap.Api.Hosting;

/// <summary>The role an API key carries; one per key.</summary>
public static class Roles
{
    public const string Partner = "partner";
    public const string Editor = "editor";
    public const string Admin = "admin";

    public static readonly string[] All = [Partner, Editor, Admin];
}
