using System.Text.Json.Nodes;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Tests.Fixtures;

namespace EventRecovery.Core.Tests.Configuration;

/// <summary>Which flows apply to a row, and that the steps of all of them run, in config order.</summary>
public class RecoveryConfigTests
{
    private static string Line(params (string Name, string? Value)[] querystring) =>
        BadRowLines.AdapterFailures(BadRowLines.CollectorPayload(p => p["querystring"] = BadRowLines.Parameters(querystring)));

    private static string Test(string path, string matcher) => $$"""{"op": "Test", "path": "{{path}}", "value": {{matcher}}}""";

    private static string AppendStep(string suffix) => $$"""[{"op": "Add", "path": "$.querystring.trail", "value": "{{suffix}}"}]""";

    [Theory]
    [InlineData("*-0-0")]
    [InlineData("1-*-0")]
    [InlineData("1-0-*")]
    [InlineData("1-0-0")]
    public void A_key_with_stars_selects_rows_of_matching_versions(string version)
    {
        var recoverer = Configs.Recoverer(Configs.Text(Configs.Key("adapter_failures", version), Configs.Flow("f")));
        Assert.Equal(OutcomeKind.Recovered, recoverer.Recover(BadRowLines.AdapterFailures(version: "1-0-0")).Kind);
    }

    [Fact]
    public void A_key_for_another_version_selects_nothing()
    {
        var outcome = Configs
            .Recoverer(Configs.Text(Configs.Key("adapter_failures", "2-*-*"), Configs.Flow("f")))
            .Recover(BadRowLines.AdapterFailures());
        Outcomes.NotRecovered(outcome);
        Assert.Contains(
            "no configuration for iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-0-0",
            outcome.Reason
        );
    }

    [Fact]
    public void Steps_of_every_matching_flow_run_in_config_order()
    {
        var recoverer = Configs.Recoverer(
            Configs.Text(
                (
                    Configs.Key("adapter_failures", "1-*-*"),
                    [
                        Configs.Flow("first", AppendStep("-1")),
                        Configs.Flow("skipped", AppendStep("-x"), $"[{Test("$.payload.vendor", """{"value": "com.other"}""")}]"),
                    ]
                ),
                (Configs.Key("tracker_protocol_violations"), [Configs.Flow("other-type", AppendStep("-t"))]),
                (Configs.Key("adapter_failures", "*-*-*"), [Configs.Flow("second", AppendStep("-2"))])
            )
        );

        var outcome = recoverer.Recover(Line(("e", "pv"), ("trail", "start")));

        Assert.Equal("e=pv&trail=start-1-2", Outcomes.Recovered(outcome).Querystring);
        Assert.Equal(["first", "second"], outcome.Flows);
    }

    [Fact]
    public void SelectFlows_returns_every_applicable_flow_in_order()
    {
        var config = Configs.Load(
            Configs.Text(
                (
                    Configs.Key("adapter_failures", "1-*-*"),
                    [Configs.Flow("a"), Configs.Flow("b", "[]", $"[{Test("$.x", """{"value": 2}""")}]")]
                ),
                (Configs.Key("adapter_failures", "*-*-*"), [Configs.Flow("c")])
            )
        );
        var key = SchemaKey.TryParse(BadRowLines.Schema("adapter_failures", "1-0-0"))!;

        Assert.Equal(["a", "c"], config.SelectFlows(key, JsonNode.Parse("""{"x":1}""")).Select(f => f.Name));
        Assert.Equal(["a", "b", "c"], config.SelectFlows(key, JsonNode.Parse("""{"x":2}""")).Select(f => f.Name));
        Assert.True(config.HasFlowsFor(key));
        Assert.False(config.HasFlowsFor(SchemaKey.TryParse(BadRowLines.Schema("schema_violations", "2-0-0"))!));
    }

    [Fact]
    public void All_conditions_of_a_flow_must_hold()
    {
        var conditions =
            $"[{Test("$.payload.vendor", """{"value": "com.snowplowanalytics.snowplow"}""")}, {Test("$.payload.querystring[?(@.name=~e)].value", """{"value": "pv"}""")}]";
        var recoverer = Configs.Recoverer(Configs.Text(Configs.Key("adapter_failures"), Configs.Flow("both", "[]", conditions)));

        Assert.Equal(OutcomeKind.Recovered, recoverer.Recover(Line(("e", "pv"))).Kind);
        var outcome = recoverer.Recover(Line(("e", "se")));
        Outcomes.NotRecovered(outcome);
        Assert.Contains("the conditions of every flow", outcome.Reason);
    }

    [Fact]
    public void Conditions_are_tested_on_the_whole_bad_row_not_the_payload()
    {
        var recoverer = Configs.Recoverer(
            Configs.Text(
                Configs.Key("adapter_failures"),
                Configs.Flow(
                    "by-processor",
                    "[]",
                    $"[{Test("$.processor.artifact", """{"value": "test-enrich"}""")}, {Test("$.failure.messages[0].field", """{"regex": "querystring"}""")}]"
                )
            )
        );
        Assert.Equal(OutcomeKind.Recovered, recoverer.Recover(BadRowLines.AdapterFailures()).Kind);
    }

    [Theory]
    [InlineData("""{"value": "1"}""", "\"1\"", true)]
    [InlineData("""{"value": 1}""", "\"1\"", false)]
    [InlineData("""{"value": 1}""", "1", true)]
    [InlineData("""{"value": {"b": [1, null], "a": "x"}}""", """{"a":"x","b":[1,null]}""", true)]
    [InlineData("""{"value": [1, 2]}""", "[2, 1]", false)]
    [InlineData("""{"value": null}""", "null", true)]
    [InlineData("""{"regex": "^\"1\"$"}""", "\"1\"", true)]
    [InlineData("""{"regex": "^1$"}""", "\"1\"", false)]
    [InlineData("""{"regex": "\"a\":\"x\""}""", """{ "a" : "x" }""", true)]
    [InlineData("""{"size": {"eq": 3}}""", "\"abc\"", true)]
    [InlineData("""{"size": {"gt": 2}}""", "[1, 2, 3]", true)]
    [InlineData("""{"size": {"lt": 3}}""", "2.5", false)]
    [InlineData("""{"size": {"lt": 4}}""", "2.5", true)]
    public void Matchers_select_flows_by_the_value_at_the_path(string matcher, string value, bool selected)
    {
        var line = BadRowLines.AdapterFailures(edit: d => d["extra"] = JsonNode.Parse(value));
        var recoverer = Configs.Recoverer(
            Configs.Text(Configs.Key("adapter_failures"), Configs.Flow("m", "[]", $"[{Test("$.extra", matcher)}]"))
        );
        Assert.Equal(selected, recoverer.Recover(line).Kind == OutcomeKind.Recovered);
    }

    [Fact]
    public void No_flow_for_the_type_and_failing_conditions_give_different_reasons()
    {
        var recoverer = Configs.Recoverer(
            Configs.Text(
                Configs.Key("adapter_failures"),
                Configs.Flow("never", "[]", $"[{Test("$.payload.vendor", """{"value": "nope"}""")}]")
            )
        );

        var noFlow = recoverer.Recover(BadRowLines.TrackerProtocolViolations());
        var conditionsFail = recoverer.Recover(BadRowLines.AdapterFailures());

        Assert.StartsWith(
            "no configuration for iglu:com.snowplowanalytics.snowplow.badrows/tracker_protocol_violations/jsonschema/1-0-0",
            noFlow.Reason
        );
        Assert.StartsWith(
            "no configuration applies to this row: the conditions of every flow for iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-0-0 failed",
            conditionsFail.Reason
        );
        Assert.Equal(OutcomeKind.Failed, noFlow.Kind);
        Assert.Equal(OutcomeKind.Failed, conditionsFail.Kind);
        Assert.Empty(noFlow.Flows);
        Assert.Empty(conditionsFail.Flows);
    }

    [Fact]
    public void A_flow_with_no_conditions_and_no_steps_passes_the_row_through() =>
        Assert.Equal("e=pv", Outcomes.Recovered(Configs.WithSteps("adapter_failures", "[]").Recover(Line(("e", "pv")))).Querystring);
}
