using EventRecovery.Core.Tests.Fixtures;

namespace EventRecovery.Core.Tests.Steps;

/// <summary>Remove is a replacement by the empty string, as in the original.</summary>
public class RemoveStepTests
{
    [Fact]
    public void A_removed_string_becomes_empty() =>
        Assert.Equal("""{"v":"","w":1}""", StepRunner.Apply("""[{"op": "Remove", "path": "$.v"}]""", """{"v":"secret","w":1}"""));

    [Fact]
    public void With_match_only_the_matches_are_removed() =>
        Assert.Equal(
            """{"v":"user@example"}""",
            StepRunner.Apply("""[{"op": "Remove", "path": "$.v", "match": "\\.invalid$"}]""", """{"v":"user@example.invalid"}""")
        );

    [Fact]
    public void A_removed_parameter_stays_with_an_empty_value() =>
        Assert.Equal(
            """{"parameters":[{"name":"aid","value":""},{"name":"e","value":"pv"}]}""",
            StepRunner.Apply(
                """[{"op": "Remove", "path": "$.parameters.aid"}]""",
                """{"parameters":[{"name":"aid","value":"x"},{"name":"e","value":"pv"}]}"""
            )
        );

    [Fact]
    public void Removing_a_number_fails_like_replacing_it_by_a_string() =>
        Assert.Contains("Remove at $.v", StepRunner.Failure("""[{"op": "Remove", "path": "$.v"}]""", """{"v":3}"""));

    [Fact]
    public void Removing_an_array_leaves_an_array_holding_the_empty_string() =>
        Assert.Equal("""{"v":[""]}""", StepRunner.Apply("""[{"op": "Remove", "path": "$.v"}]""", """{"v":[1,2]}"""));

    [Fact]
    public void Removing_a_missing_field_fails_with_the_path() =>
        Assert.Contains("$.nope", StepRunner.Failure("""[{"op": "Remove", "path": "$.nope"}]""", """{"v":1}"""));
}
