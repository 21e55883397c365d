using EventRecovery.Core.Tests.Fixtures;

namespace EventRecovery.Core.Tests.Steps;

/// <summary>Replace, per type of the value found at the path (the original's rules).</summary>
public class ReplaceStepTests
{
    private static string Replace(string document, string value, string? match = null, string path = "$.v")
    {
        var matchJson = match is null ? "" : $", \"match\": {System.Text.Json.JsonSerializer.Serialize(match)}";
        return StepRunner.Apply($$"""[{"op": "Replace", "path": "{{path}}"{{matchJson}}, "value": {{value}}}]""", document);
    }

    private static string ReplaceFails(string document, string value, string? match = null)
    {
        var matchJson = match is null ? "" : $", \"match\": {System.Text.Json.JsonSerializer.Serialize(match)}";
        return StepRunner.Failure($$"""[{"op": "Replace", "path": "$.v"{{matchJson}}, "value": {{value}}}]""", document);
    }

    [Fact]
    public void A_string_is_replaced_whole() => Assert.Equal("""{"v":"new"}""", Replace("""{"v":"old"}""", "\"new\""));

    [Fact]
    public void With_match_only_the_matches_are_replaced_everywhere_in_the_string() =>
        Assert.Equal("""{"v":"a-b-c"}""", Replace("""{"v":"a b c"}""", "\"-\"", " "));

    [Fact]
    public void With_match_the_replacement_can_use_groups() =>
        Assert.Equal("""{"v":"2024-05-31"}""", Replace("""{"v":"31/05/2024"}""", "\"$3-$2-$1\"", @"(\d+)/(\d+)/(\d+)"));

    [Fact]
    public void A_java_escaped_dollar_is_a_literal_dollar() =>
        Assert.Equal("""{"v":"$5"}""", Replace("""{"v":"EUR5"}""", "\"\\\\$\"", "EUR"));

    [Fact]
    public void A_java_unicode_flag_is_accepted() =>
        Assert.Equal("""{"v":"https://fixed.example/"}""", Replace("""{"v":"whatever é"}""", "\"https://fixed.example/\"", "(?U)^.*$"));

    [Fact]
    public void With_a_match_that_does_not_occur_the_string_is_unchanged() =>
        Assert.Equal("""{"v":"abc"}""", Replace("""{"v":"abc"}""", "\"x\"", "z"));

    [Fact]
    public void A_string_takes_a_number_as_its_JSON_text() => Assert.Equal("""{"v":"42"}""", Replace("""{"v":"old"}""", "42"));

    [Fact]
    public void A_string_takes_an_object_as_its_compact_JSON_text() =>
        Assert.Equal("""{"v":"{\"value\":\"Fixed\",\"n\":[1,2]}"}""", Replace("""{"v":""}""", """{ "value": "Fixed", "n": [1, 2] }"""));

    [Fact]
    public void A_non_string_value_replaces_the_whole_string_even_with_match() =>
        Assert.Equal("""{"v":"true"}""", Replace("""{"v":"keep this"}""", "true", "this"));

    [Fact]
    public void Null_is_replaced_like_an_empty_string()
    {
        Assert.Equal("""{"v":"filled"}""", Replace("""{"v":null}""", "\"filled\""));
        Assert.Equal("""{"v":"filled"}""", Replace("""{"v":null}""", "\"filled\"", "^$"));
    }

    [Fact]
    public void A_boolean_takes_a_boolean() => Assert.Equal("""{"v":false}""", Replace("""{"v":true}""", "false"));

    [Theory]
    [InlineData("\"false\"")]
    [InlineData("0")]
    [InlineData("null")]
    public void A_boolean_refuses_any_other_type(string value) => Assert.Contains("cannot put", ReplaceFails("""{"v":true}""", value));

    [Fact]
    public void A_number_takes_a_number_whatever_the_match() => Assert.Equal("""{"v":1.5}""", Replace("""{"v":7}""", "1.5", "(?U)^.*$"));

    [Theory]
    [InlineData("\"8\"")]
    [InlineData("true")]
    [InlineData("[8]")]
    public void A_number_refuses_any_other_type(string value)
    {
        var reason = ReplaceFails("""{"v":7}""", value);
        Assert.Contains("Replace at $.v", reason);
        Assert.Contains("in place of number", reason);
    }

    [Fact]
    public void An_array_is_replaced_by_an_array_value() =>
        Assert.Equal("""{"v":[{"name":"e","value":"pv"}]}""", Replace("""{"v":[1,2]}""", """[{"name":"e","value":"pv"}]"""));

    [Fact]
    public void An_array_replaced_by_a_non_array_value_wraps_it() => Assert.Equal("""{"v":["x"]}""", Replace("""{"v":[1,2]}""", "\"x\""));

    [Fact]
    public void An_array_with_match_and_an_array_value_drops_matching_elements_and_appends_the_value() =>
        Assert.Equal("""{"v":["keep",{"id":2},"new"]}""", Replace("""{"v":["drop-1","keep",{"id":2},"drop-2"]}""", "[\"new\"]", "drop"));

    [Fact]
    public void An_array_with_match_and_a_string_value_is_edited_through_its_JSON_text() =>
        Assert.Equal("""{"v":[1,20,3]}""", Replace("""{"v":[1,2,3]}""", "\"20\"", "\\b2\\b"));

    [Fact]
    public void An_array_edit_that_breaks_the_JSON_fails() =>
        Assert.Contains("not valid JSON", ReplaceFails("""{"v":[1,2]}""", "\"\"", "\\]"));

    [Fact]
    public void An_object_is_replaced_by_an_object_value() =>
        Assert.Equal("""{"v":{"b":2}}""", Replace("""{"v":{"a":1}}""", """{"b":2}"""));

    [Fact]
    public void An_object_is_replaced_by_JSON_text_that_parses_as_an_object() =>
        Assert.Equal("""{"v":{"b":2}}""", Replace("""{"v":{"a":1}}""", "\"{\\\"b\\\":2}\""));

    [Fact]
    public void An_object_is_edited_with_match_through_its_compact_JSON_text() =>
        Assert.Equal("""{"v":{"renamed":1,"c":"x"}}""", Replace("""{"v":{"a":1,"c":"x"}}""", "\"\\\"renamed\\\"\"", "\"a\""));

    [Fact]
    public void An_object_replaced_by_text_that_is_not_JSON_fails() =>
        Assert.Contains("not valid JSON", ReplaceFails("""{"v":{"a":1}}""", "\"plain\""));

    [Fact]
    public void An_object_replaced_by_JSON_that_is_not_an_object_fails() =>
        Assert.Contains("cannot put", ReplaceFails("""{"v":{"a":1}}""", "[1]"));

    [Fact]
    public void The_value_is_copied_for_every_element_a_filter_selects() =>
        Assert.Equal(
            """{"p":[{"n":"a","v":{"x":1}},{"n":"b","v":0},{"n":"a","v":{"x":1}}]}""",
            Replace("""{"p":[{"n":"a","v":{}},{"n":"b","v":0},{"n":"a","v":{}}]}""", """{"x":1}""", path: "$.p[?(@.n=~a)].v")
        );

    [Fact]
    public void An_illegal_group_reference_in_the_replacement_fails_the_row() =>
        Assert.Contains("illegal group reference", ReplaceFails("""{"v":"abc"}""", "\"$x\"", "b"));
}
