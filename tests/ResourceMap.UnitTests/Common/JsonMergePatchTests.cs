using System.Text.Json.Nodes;
using ResourceMap.Api.Common;

namespace ResourceMap.UnitTests.Common;

public class JsonMergePatchTests
{
    [Fact]
    public void Objects_merge_nulls_remove_and_other_values_replace()
    {
        var target = JsonNode.Parse("""{"a":"b","c":{"d":"e","f":"g"},"list":[1,2]}""");
        var patch = JsonNode.Parse("""{"a":"z","c":{"f":null},"list":[3]}""");
        var result = JsonMergePatch.Apply(target, patch)!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":"z","c":{"d":"e"},"list":[3]}"""), result));
        Assert.Equal("b", target!["a"]!.GetValue<string>()); // the target is not modified
    }

    [Fact]
    public void A_non_object_patch_replaces_the_whole_document() =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("[1]"), JsonMergePatch.Apply(JsonNode.Parse("""{"a":1}"""), JsonNode.Parse("[1]"))));
}
