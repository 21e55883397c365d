using System.Text.Json.Nodes;
using EventRecovery.Core.Json;

namespace EventRecovery.Core.Tests.Json;

/// <summary>Re-encoded layers must carry the bytes the original (circe's noSpaces) would write.</summary>
public class CompactJsonTests
{
    [Fact]
    public void Whitespace_is_dropped_and_key_order_kept() =>
        Assert.Equal(
            """{"z":1,"a":[true,false,null],"m":{}}""",
            CompactJson.Serialize(JsonNode.Parse("""{ "z" : 1 , "a" : [ true, false, null ], "m" : { } }"""))
        );

    [Theory]
    [InlineData("1.0")]
    [InlineData("1E2")]
    [InlineData("-0")]
    [InlineData("12345678901234567890123")]
    [InlineData("0.1000")]
    public void Numbers_are_written_as_they_were_read(string number) =>
        Assert.Equal($"[{number}]", CompactJson.Serialize(JsonNode.Parse($"[{number}]")));

    [Fact]
    public void Only_quotes_backslashes_and_control_characters_are_escaped() =>
        Assert.Equal("\"é😀<>&'/\\\"\\\\\\n\\t\\u0001\u007f\"", CompactJson.Serialize(JsonValue.Create("é😀<>&'/\"\\\n\t\u0001\u007f")));

    [Fact]
    public void Null_prints_as_null() => Assert.Equal("null", CompactJson.Serialize(null));

    [Theory]
    [InlineData(42.0, "42")]
    [InlineData(-3.0, "-3")]
    [InlineData(0.5, "0.5")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(1e20, "1E+20")]
    public void Computed_numbers_print_integral_values_without_a_fraction(double value, string text)
    {
        Assert.Equal(text, JsonNumbers.Format(value));
        Assert.Equal(text, CompactJson.Serialize(JsonNumbers.Create(value)));
    }

    [Theory]
    [InlineData("1", "1.0", true)]
    [InlineData("100", "1e2", true)]
    [InlineData("0.1", "0.10", true)]
    [InlineData("1", "\"1\"", false)]
    [InlineData("{\"a\":[1,{\"b\":null}]}", "{\"a\":[1,{\"b\":null}]}", true)]
    [InlineData("{\"a\":1,\"b\":2}", "{\"b\":2,\"a\":1}", true)]
    [InlineData("[1,2]", "[2,1]", false)]
    [InlineData("null", "false", false)]
    public void Deep_equality_compares_numbers_by_value_and_objects_regardless_of_order(string a, string b, bool equal) =>
        Assert.Equal(equal, JsonKinds.DeepEquals(JsonNode.Parse(a), JsonNode.Parse(b)));

    // A tree over parsed JSON that nothing opened yet is written from the parsed bytes, without opening it. The text
    // must be the one the opened tree gives, and what opening would refuse must still be refused, with its message.

    private static string Opened(string json)
    {
        var node = JsonNode.Parse(json);
        foreach (var _ in node is JsonObject o ? o.Select(p => p.Value) : node!.AsArray()) { } // opens the top level
        return CompactJson.Serialize(node);
    }

    [Theory]
    [InlineData("""{ "a" : [ 1 , -0 , 1E2 , true , null ] , "b" : { "c" : "é😀 \u00e9 \" \\ \n \/" } , "" : {} }""")]
    [InlineData("""[ {"x":"\ud83d\ude00"} , "\t" , [] , 0.10 ]""")]
    [InlineData("""{"deep":{"er":{"est":[{"k":"v"}]}}}""")]
    public void An_unopened_tree_is_written_as_the_opened_one(string json) =>
        Assert.Equal(Opened(json), CompactJson.Serialize(JsonNode.Parse(json)));

    [Theory]
    [InlineData("""{"a":1,"a":2}""")]
    [InlineData("""[{"x":{"k":1,"k":2}}]""")]
    [InlineData("""{"a":1,"\u0061":2}""")]
    public void An_unopened_object_with_a_duplicate_key_fails_as_when_opened(string json)
    {
        var opened = Assert.Throws<ArgumentException>(() => Opened(json));
        var unopened = Assert.Throws<ArgumentException>(() => CompactJson.Serialize(JsonNode.Parse(json)));
        Assert.Equal(opened.Message, unopened.Message);
    }

    [Theory]
    [InlineData("""{"a":"\ud800","b":"x"}""")]
    [InlineData("""{"ok":"x","\udc00":"y","v":"\ud800"}""")]
    [InlineData("""["x","\udc00\ud800"]""")]
    public void An_unopened_tree_with_an_escaped_lone_surrogate_fails_as_when_opened(string json)
    {
        var opened = Assert.Throws<InvalidOperationException>(() => Opened(json));
        var unopened = Assert.Throws<InvalidOperationException>(() => CompactJson.Serialize(JsonNode.Parse(json)));
        Assert.Equal(opened.Message, unopened.Message);
    }
}
