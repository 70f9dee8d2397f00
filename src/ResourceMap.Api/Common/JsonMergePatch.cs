using System.Text.Json.Nodes;

namespace ResourceMap.Api.Common;

/// <summary>RFC 7396 JSON Merge Patch: objects merge recursively, null removes, anything else replaces.</summary>
public static class JsonMergePatch
{
    public const string MediaType = "application/merge-patch+json";

    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject) return patch?.DeepClone();
        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (value is null) result.Remove(name);
            else result[name] = Apply(result[name], value);
        }
        return result;
    }
}
