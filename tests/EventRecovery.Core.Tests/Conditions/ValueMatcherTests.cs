namespace EventRecovery.Core.Tests.Conditions;

public class ValueMatcherTests
{
    [Theory]
    [InlineData("\"1\"", "\"1\"", true)]
    [InlineData("1", "1", true)]
    [InlineData("1", "1.0", true)]
    [InlineData("1e2", "100", true)]
    [InlineData("\"1\"", "1", false)]
    [InlineData("1", "\"1\"", false)]
    [InlineData("true", "true", true)]
    [InlineData("true", "\"true\"", false)]
    [InlineData("false", "0", false)]
    [InlineData("null", "null", true)]
    [InlineData("null", "\"\"", false)]
    [InlineData("\"\"", "null", false)]
    public void Values_compare_with_their_JSON_types(string expected, string actual, bool equal) =>
        Assert.Equal(equal, ConditionRunner.ValueMatches(expected, actual));

    [Theory]
    [InlineData("""{"a":1,"b":[1,2]}""", """{"b":[1,2],"a":1}""", true)]
    [InlineData("""{"a":1}""", """{"a":1,"b":2}""", false)]
    [InlineData("""{"a":1}""", """{"a":"1"}""", false)]
    [InlineData("[1,2]", "[1,2]", true)]
    [InlineData("[1,2]", "[2,1]", false)]
    [InlineData("[]", "{}", false)]
    public void Objects_compare_by_content_and_arrays_in_order(string expected, string actual, bool equal) =>
        Assert.Equal(equal, ConditionRunner.ValueMatches(expected, actual));

    [Fact]
    public void Strings_compare_exactly() => Assert.False(ConditionRunner.ValueMatches("\"Iglu\"", "\"iglu\""));
}
