using EventRecovery.Core.Tests.Fixtures;

namespace EventRecovery.Core.Tests.Steps;

public class AddStepTests
{
    private static string Add(string current, string value) =>
        StepRunner.Apply($$"""[{"op": "Add", "path": "$.v", "value": {{value}}}]""", $$"""{"v":{{current}}}""");

    [Fact]
    public void Fields_are_added_to_an_object_and_existing_ones_overwritten() =>
        Assert.Equal("""{"v":{"a":1,"b":20,"c":{"d":true}}}""", Add("""{"a":1,"b":2}""", """{"b":20,"c":{"d":true}}"""));

    [Fact]
    public void Elements_are_appended_to_an_array() =>
        Assert.Equal("""{"v":["X-A: 1","X-B: 2",3]}""", Add("""["X-A: 1"]""", """["X-B: 2",3]"""));

    [Fact]
    public void A_string_gets_the_value_appended() => Assert.Equal("""{"v":"page-2"}""", Add("\"page\"", "\"-2\""));

    [Fact]
    public void A_number_gets_the_value_added() => Assert.Equal("""{"v":5.5}""", Add("3", "2.5"));

    [Fact]
    public void An_integral_sum_prints_without_a_fraction() => Assert.Equal("""{"v":5}""", Add("3", "2"));

    [Fact]
    public void A_sum_beyond_the_range_of_a_number_fails_rather_than_writing_Infinity() =>
        Assert.Contains(
            "beyond the range of a number",
            StepRunner.Failure("""[{"op": "Add", "path": "$.v", "value": 1e308}]""", """{"v":1e308}""")
        );

    [Theory]
    [InlineData("true", "true", "true")]
    [InlineData("true", "false", "false")]
    [InlineData("false", "true", "false")]
    [InlineData("true", "\"yes\"", "false")]
    public void A_boolean_is_anded_with_the_value(string current, string value, string expected) =>
        Assert.Equal($$"""{"v":{{expected}}}""", Add(current, value));

    [Fact]
    public void Null_becomes_the_value() => Assert.Equal("""{"v":{"a":1}}""", Add("null", """{"a":1}"""));

    [Theory]
    [InlineData("{\"a\":1}", "[2]")]
    [InlineData("[1]", "{\"a\":2}")]
    [InlineData("4", "\"x\"")]
    public void A_value_of_another_kind_leaves_objects_arrays_and_numbers_unchanged(string current, string value) =>
        Assert.Equal($$"""{"v":{{current}}}""", Add(current, value));

    [Fact]
    public void Appending_a_non_string_to_a_string_fails() =>
        Assert.Contains(
            "cannot append number 1 to a string",
            StepRunner.Failure("""[{"op": "Add", "path": "$.v", "value": 1}]""", """{"v":"a"}""")
        );

    [Fact]
    public void Add_to_a_missing_path_fails_with_the_path() =>
        Assert.Contains("$.w", StepRunner.Failure("""[{"op": "Add", "path": "$.w", "value": 1}]""", """{"v":1}"""));

    [Fact]
    public void Add_reaches_into_base64_contexts()
    {
        var cx = Convert.ToBase64String("""{"data":[]}"""u8.ToArray());
        var result = StepRunner.Apply(
            """[{"op": "Add", "path": "$.parameters.cx.data", "value": [{"schema":"iglu:com.acme/x/jsonschema/1-0-0","data":{}}]}]""",
            $$"""{"parameters":[{"name":"cx","value":"{{cx}}"}]}"""
        );
        var value = System.Text.Json.Nodes.JsonNode.Parse(result)!["parameters"]![0]!["value"]!.GetValue<string>();
        Assert.Equal(
            """{"data":[{"schema":"iglu:com.acme/x/jsonschema/1-0-0","data":{}}]}""",
            System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(value))
        );
    }

    [Fact]
    public void Steps_run_in_order_each_on_the_result_of_the_previous() =>
        Assert.Equal(
            """{"v":"ab-c"}""",
            StepRunner.Apply(
                """[{"op": "Add", "path": "$.v", "value": "b"}, {"op": "Add", "path": "$.v", "value": "-c"}]""",
                """{"v":"a"}"""
            )
        );
}
