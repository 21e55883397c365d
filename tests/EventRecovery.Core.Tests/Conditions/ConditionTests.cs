using System.Text.Json.Nodes;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Tests.Fixtures;
using EventRecovery.Core.Text;

namespace EventRecovery.Core.Tests.Conditions;

public class ConditionTests
{
    [Fact]
    public void A_missing_path_makes_the_condition_false_not_a_failure() =>
        Assert.False(ConditionRunner.Holds("$.payload.nope", """{"value": null}""", """{"payload":{}}"""));

    [Fact]
    public void A_filter_matching_nothing_makes_the_condition_false() =>
        Assert.False(ConditionRunner.Holds("$.q[?(@.name=~zz)].value", """{"value": "x"}""", """{"q":[{"name":"a","value":"x"}]}"""));

    [Theory]
    [InlineData("""[{"name":"p","value":"no"},{"name":"p","value":"yes"}]""", true)]
    [InlineData("""[{"name":"p","value":"yes"},{"name":"p","value":"no"}]""", false)]
    public void When_a_filter_selects_several_elements_the_last_one_decides(string list, bool expected) =>
        Assert.Equal(expected, ConditionRunner.Holds("$.q[?(@.name=~p)].value", """{"value": "yes"}""", $$"""{"q":{{list}}}"""));

    [Fact]
    public void A_condition_reaches_a_parameter_by_name_and_into_encoded_layers()
    {
        const string doc =
            """{"payload":{"raw":{"parameters":[{"name":"ue_pr","value":"{\"data\":{\"schema\":\"iglu:com.acme/x/jsonschema/1-0-0\"}}"}]}}}""";
        Assert.True(ConditionRunner.Holds("$.payload.raw.parameters.ue_pr.data.schema", """{"regex": "com\\.acme/x/"}""", doc));
        Assert.False(ConditionRunner.Holds("$.payload.raw.parameters.ue_pr.data.schema", """{"regex": "com\\.other/"}""", doc));
    }

    [Fact]
    public void A_condition_does_not_change_the_row()
    {
        const string doc = """{"payload":{"raw":{"parameters":[{"name":"cx","value":"eyJhIjogMX0"}]}}}""";
        var node = JsonNode.Parse(doc);
        var config = Configs.Load(
            Configs.Text(
                Configs.Key("adapter_failures"),
                Configs.Flow("c", "[]", """[{"op": "Test", "path": "$.payload.raw.parameters.cx.a", "value": {"value": 1}}]""")
            )
        );
        Assert.True(config.Flows[0].Conditions[0].HoldsFor(node));
        Assert.Equal(doc, node!.ToJsonString());
    }

    [Fact]
    public void A_regex_that_runs_too_long_fails_the_row_instead_of_being_false()
    {
        var options = new RecoveryOptions { RegexTimeout = TimeSpan.FromMilliseconds(20) };
        var config = Configs.Load(
            Configs.Text(
                Configs.Key("adapter_failures"),
                Configs.Flow("c", "[]", """[{"op": "Test", "path": "$.v", "value": {"regex": "(a+)+$"}}]""")
            ),
            options
        );
        var doc = JsonNode.Parse($$"""{"v":"{{new string('a', 5000)}}b"}""");
        var e = Assert.Throws<RegexTimeout>(() => config.Flows[0].Conditions[0].HoldsFor(doc));
        Assert.Contains("time limit", e.Message);
    }
}
