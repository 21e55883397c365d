using EventRecovery.Core.Conditions;

namespace EventRecovery.Core.Tests.Conditions;

public class SizeMatcherTests
{
    private static bool Size(string comparison, int bound, string value) =>
        ConditionRunner.Holds("$.v", $$$"""{"size": {"{{{comparison}}}": {{{bound}}}}}""", $$"""{"v":{{value}}}""");

    [Theory]
    [InlineData("eq", 3, "\"abc\"", true)]
    [InlineData("eq", 2, "\"abc\"", false)]
    [InlineData("gt", 2, "\"abc\"", true)]
    [InlineData("gt", 3, "\"abc\"", false)]
    [InlineData("lt", 4, "\"abc\"", true)]
    [InlineData("lt", 3, "\"abc\"", false)]
    [InlineData("eq", 0, "\"\"", true)]
    public void A_string_is_sized_by_its_length(string comparison, int bound, string value, bool expected) =>
        Assert.Equal(expected, Size(comparison, bound, value));

    [Fact]
    public void A_string_length_counts_UTF16_units_as_the_JVM_does()
    {
        Assert.True(Size("eq", 4, "\"café\""));
        Assert.True(Size("eq", 2, "\"😀\""));
    }

    [Theory]
    [InlineData("eq", 2, "[1,[2,3]]", true)]
    [InlineData("gt", 1, "[1,2]", true)]
    [InlineData("lt", 1, "[]", true)]
    [InlineData("eq", 3, "[1,2]", false)]
    public void An_array_is_sized_by_its_element_count(string comparison, int bound, string value, bool expected) =>
        Assert.Equal(expected, Size(comparison, bound, value));

    [Theory]
    [InlineData("eq", 5, "5", true)]
    [InlineData("eq", 5, "4.2", true)]
    [InlineData("eq", -1, "-1.5", true)]
    [InlineData("gt", 10, "10.01", true)]
    [InlineData("lt", 10, "10", false)]
    [InlineData("gt", 2147483646, "1e300", true)]
    public void A_number_is_sized_by_its_value_rounded_up(string comparison, int bound, string value, bool expected) =>
        Assert.Equal(expected, Size(comparison, bound, value));

    [Theory]
    [InlineData("{\"a\":1}")]
    [InlineData("true")]
    [InlineData("null")]
    public void Objects_booleans_and_null_never_match(string value)
    {
        Assert.False(Size("eq", 1, value));
        Assert.False(Size("gt", -1, value));
        Assert.False(Size("lt", 100, value));
    }

    // Recovery in place sizes a value of the parsed line (TryMatch) and falls back to a node only when it cannot.

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"\"")]
    [InlineData("\"café😀\"")]
    [InlineData("\"a\\u00e9\\n\"")]
    [InlineData("[1,[2,3],{\"a\":1,\"a\":2}]")]
    [InlineData("[]")]
    [InlineData("4.2")]
    [InlineData("{\"a\":1}")]
    [InlineData("true")]
    [InlineData("null")]
    public void A_value_of_the_parsed_line_is_sized_as_its_node(string value)
    {
        using var document = System.Text.Json.JsonDocument.Parse($$"""{"v":{{value}}}""");
        var element = document.RootElement.GetProperty("v");
        var missing = document.RootElement.TryGetProperty("w", out var none) ? none : default;
        foreach (var comparison in new[] { SizeComparison.Equal, SizeComparison.GreaterThan, SizeComparison.LessThan })
        {
            foreach (var bound in new long[] { -1, 0, 1, 2, 3, 5, 6 })
            {
                var matcher = new SizeMatcher(comparison, bound);
                var node = System.Text.Json.Nodes.JsonNode.Parse(value);
                Assert.Equal(matcher.Matches(node), matcher.TryMatch(element) ?? matcher.Matches(node));
                Assert.Equal(matcher.Matches(null), matcher.TryMatch(missing) ?? matcher.Matches(null));
            }
        }
    }
}
