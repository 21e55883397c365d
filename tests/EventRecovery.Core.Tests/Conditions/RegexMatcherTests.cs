namespace EventRecovery.Core.Tests.Conditions;

/// <summary>The regex is searched for in the value's compact JSON, quotes included.</summary>
public class RegexMatcherTests
{
    private static bool Matches(string regex, string value) =>
        ConditionRunner.Holds("$.v", $$"""{"regex": {{System.Text.Json.JsonSerializer.Serialize(regex)}}}""", $$"""{"v":{{value}}}""");

    [Fact]
    public void A_regex_is_found_anywhere_in_a_string() => Assert.True(Matches("snow", "\"com.snowplow\""));

    [Fact]
    public void A_string_is_tested_with_its_quotes_so_anchors_do_not_meet_the_text()
    {
        Assert.False(Matches("^abc$", "\"abc\""));
        Assert.True(Matches("^\"abc\"$", "\"abc\""));
    }

    [Fact]
    public void Numbers_and_booleans_are_tested_as_their_JSON_text()
    {
        Assert.True(Matches("^42$", "42"));
        Assert.True(Matches("^true$", "true"));
        Assert.True(Matches("^null$", "null"));
    }

    [Fact]
    public void Objects_and_arrays_are_tested_as_compact_JSON()
    {
        Assert.True(Matches("\\{\"a\":1,\"b\":\\[2,3\\]\\}", """{ "a" : 1, "b" : [ 2, 3 ] }"""));
        Assert.False(Matches("\"a\" : 1", """{ "a" : 1 }"""));
    }

    [Fact]
    public void A_non_matching_regex_is_false() => Assert.False(Matches("xyz", "\"abc\""));

    [Fact]
    public void Escaped_characters_are_tested_in_their_escaped_form() => Assert.True(Matches("a\\\\\"b", "\"a\\\"b\""));

    [Fact]
    public void Non_ASCII_is_tested_unescaped() => Assert.True(Matches("café", "\"le café\""));
}
