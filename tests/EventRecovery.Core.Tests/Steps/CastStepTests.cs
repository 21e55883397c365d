using EventRecovery.Core.Tests.Fixtures;

namespace EventRecovery.Core.Tests.Steps;

public class CastStepTests
{
    private static string Cast(string value, string from, string to) =>
        StepRunner.Apply($$"""[{"op": "Cast", "path": "$.v", "from": "{{from}}", "to": "{{to}}"}]""", $$"""{"v":{{value}}}""");

    private static string CastFails(string value, string from, string to) =>
        StepRunner.Failure($$"""[{"op": "Cast", "path": "$.v", "from": "{{from}}", "to": "{{to}}"}]""", $$"""{"v":{{value}}}""");

    [Theory]
    [InlineData("\"42\"", "42")]
    [InlineData("\"-1.25\"", "-1.25")]
    [InlineData("\" 7 \"", "7")]
    [InlineData("\"1e3\"", "1000")]
    [InlineData("\"2.0\"", "2")]
    public void String_to_numeric_parses_the_number(string value, string expected) =>
        Assert.Equal($$"""{"v":{{expected}}}""", Cast(value, "String", "Numeric"));

    [Theory]
    [InlineData("\"99999999999999999999999\"", "99999999999999999999999")]
    [InlineData("\"-123456789012345678\"", "-123456789012345678")]
    [InlineData("\"0.10000000000000000001\"", "0.10000000000000000001")]
    [InlineData("\" 1e-400 \"", "1e-400")]
    [InlineData("\"1E400\"", "1E400")]
    [InlineData("\"9007199254740993\"", "9007199254740993")]
    public void String_to_numeric_keeps_the_exact_value_a_double_cannot_hold(string value, string expected) =>
        Assert.Equal($$"""{"v":{{expected}}}""", Cast(value, "String", "Numeric"));

    [Theory]
    [InlineData("\"+99999999999999999999999\"")]
    [InlineData("\"099999999999999999999999\"")]
    [InlineData("\".10000000000000000001\"")]
    public void String_to_numeric_fails_for_a_value_no_double_holds_that_is_not_written_as_a_JSON_number(string value) =>
        Assert.Contains("from String to Numeric", CastFails(value, "String", "Numeric"));

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"\"")]
    [InlineData("\"NaN\"")]
    [InlineData("\"-Infinity\"")]
    [InlineData("\"1,5\"")]
    public void String_to_numeric_fails_for_text_that_is_not_a_number(string value)
    {
        var reason = CastFails(value, "String", "Numeric");
        Assert.Contains("Cast at $.v failed to cast", reason);
        Assert.Contains("from String to Numeric", reason);
    }

    [Theory]
    [InlineData("0", "false")]
    [InlineData("0.0", "false")]
    [InlineData("1", "true")]
    [InlineData("-3", "true")]
    [InlineData("0.5", "true")]
    public void Numeric_to_boolean_is_false_only_for_zero(string value, string expected) =>
        Assert.Equal($$"""{"v":{{expected}}}""", Cast(value, "Numeric", "Boolean"));

    [Theory]
    [InlineData("true", "1")]
    [InlineData("false", "0")]
    public void Boolean_to_numeric_is_one_or_zero(string value, string expected) =>
        Assert.Equal($$"""{"v":{{expected}}}""", Cast(value, "Boolean", "Numeric"));

    [Theory]
    [InlineData("12", "\"12\"")]
    [InlineData("true", "\"true\"")]
    [InlineData("null", "\"null\"")]
    [InlineData("[1,\"a\"]", "\"[1,\\\"a\\\"]\"")]
    [InlineData("{\"a\": 1}", "\"{\\\"a\\\":1}\"")]
    public void Anything_to_string_is_its_compact_JSON_text(string value, string expected) =>
        Assert.Equal($$"""{"v":{{expected}}}""", Cast(value, "Numeric", "String"));

    [Fact]
    public void A_string_cast_to_string_stays_as_it_is() => Assert.Equal("""{"v":"abc"}""", Cast("\"abc\"", "String", "String"));

    [Theory]
    [InlineData("\"a\"", "[\"a\"]")]
    [InlineData("5", "[5]")]
    [InlineData("{\"a\":1}", "[{\"a\":1}]")]
    [InlineData("null", "[null]")]
    public void Anything_but_an_array_to_array_is_wrapped(string value, string expected) =>
        Assert.Equal($$"""{"v":{{expected}}}""", Cast(value, "String", "Array"));

    [Fact]
    public void An_array_to_array_fails() => Assert.Contains("from Array to Array", CastFails("[1]", "Array", "Array"));

    [Theory]
    [InlineData("\"1\"", "String", "Boolean")]
    [InlineData("true", "Numeric", "Boolean")]
    [InlineData("\"true\"", "Boolean", "Numeric")]
    [InlineData("5", "String", "Numeric")]
    [InlineData("[1]", "Array", "Numeric")]
    [InlineData("1", "Numeric", "Numeric")]
    public void Other_pairs_or_a_value_of_another_type_than_from_fail(string value, string from, string to) =>
        Assert.Contains($"from {from} to {to}", CastFails(value, from, to));

    [Fact]
    public void Cast_applies_inside_a_JSON_text_parameter() =>
        Assert.Equal(
            """{"parameters":[{"name":"ue_pr","value":"{\"data\":{\"data\":{\"n\":3}}}"}]}""",
            StepRunner.Apply(
                """[{"op": "Cast", "path": "$.parameters.ue_pr.data.data.n", "from": "String", "to": "Numeric"}]""",
                """{"parameters":[{"name":"ue_pr","value":"{\"data\":{\"data\":{\"n\":\"3\"}}}"}]}"""
            )
        );
}
