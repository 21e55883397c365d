using System.Text;
using System.Text.Json.Nodes;
using EventRecovery.Core.Explain;
using EventRecovery.Core.Json;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Tests.Fixtures;
using EventRecovery.Core.Thrift;
using L = EventRecovery.Core.Tests.Fixtures.BadRowLines;

namespace EventRecovery.Core.Tests.Explain;

/// <summary>What a trace says about each condition, step, layer and bad row type.</summary>
public class RowTracerTests
{
    private static RowTrace Trace(string line, string type, string steps = "[]", string conditions = "[]", params string[] moreFlows)
    {
        var config = Configs.Load(Configs.Text(Configs.Key(type), [Configs.Flow("fix", steps, conditions), .. moreFlows]));
        return TraceMatchesRecoveryTests.AssertSame(config, Encoding.UTF8.GetBytes(line), line);
    }

    private static string Json(JsonNode? node) => CompactJson.Serialize(node);

    private static readonly string Tracker = L.AdapterFailures(
        L.CollectorPayload(p => p["querystring"] = L.Parameters(("e", "pv"), ("aid", "old-id"), ("tv", "js-3")))
    );

    [Theory]
    [InlineData("""{"value": "old-id"}""", true, "value \"old-id\"")]
    [InlineData("""{"value": "other"}""", false, "value \"other\"")]
    [InlineData("""{"regex": "^\"old"}""", true, "regex /^\"old/")]
    [InlineData("""{"size": {"gt": 10}}""", false, "size GreaterThan 10")]
    [InlineData("""{"size": {"eq": 6}}""", true, "size Equal 6")]
    public void A_condition_shows_the_value_its_path_found_the_matcher_and_whether_it_held(string matcher, bool held, string shown)
    {
        var trace = Trace(
            Tracker,
            "adapter_failures",
            conditions: $$"""[{"op": "Test", "path": "$.payload.querystring[?(@.name=~aid)].value", "value": {{matcher}}}]"""
        );
        var c = Assert.Single(Assert.Single(trace.Flows).Conditions);
        Assert.Equal("$.payload.querystring[?(@.name=~aid)].value", c.Path);
        Assert.Equal(shown, c.Matcher);
        Assert.Equal("\"old-id\"", Json(Assert.Single(c.Found)));
        Assert.Equal(held, c.Held);
        Assert.Equal(held, trace.Flows[0].Applied);
        Assert.Equal(held ? "recovered" : "failed", trace.Outcome.Kind);
    }

    [Fact]
    public void A_filter_selecting_several_values_shows_them_all_and_a_missing_path_says_where_it_stopped()
    {
        var trace = Trace(
            Tracker,
            "adapter_failures",
            conditions: """
            [{"op": "Test", "path": "$.payload.querystring[?(@.name=~[at])].value", "value": {"regex": "js"}},
             {"op": "Test", "path": "$.payload.nothing.here", "value": {"value": 1}},
             {"op": "Test", "path": "$.payload.vendor", "value": {"value": "com.snowplowanalytics.snowplow"}}]
            """
        );
        var conditions = trace.Flows[0].Conditions;
        Assert.Equal(["\"old-id\"", "\"js-3\""], conditions[0].Found.Select(Json));
        Assert.True(conditions[0].Held); // the last value decides
        Assert.Empty(conditions[1].Found);
        Assert.Equal(new PathProblem("$.payload.nothing", "does not exist"), conditions[1].NotFound);
        Assert.False(conditions[1].Held);
        // Recovery stops at the first condition that fails; the trace still shows the next one, marked.
        Assert.True(conditions[2].Skipped);
        Assert.True(conditions[2].Held);
        Assert.Equal(
            "no configuration applies to this row: the conditions of every flow for iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-0-0 failed",
            trace.Outcome.Reason?[..155]
        );
    }

    private static readonly string Layered = L.SchemaViolations(
        L.EnrichmentPayload(
            L.RawEvent(r =>
                r["parameters"] = L.Parameters(
                    ("e", "ue"),
                    ("aid", "a b"),
                    (
                        "ue_pr",
                        """{"schema":"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0","data":{"schema":"iglu:com.acme/click/jsonschema/1-0-0","data":{"id":1}}}"""
                    ),
                    (
                        "cx",
                        Convert.ToBase64String(
                            """{"schema":"c","data":[{"schema":"iglu:com.acme/customer/jsonschema/1-0-0","data":{"age":"37"}}]}"""u8.ToArray()
                        )
                    )
                )
            )
        )
    );

    [Fact]
    public void Steps_show_each_value_before_and_after_with_layers_decoded()
    {
        var trace = Trace(
            Layered,
            "schema_violations",
            steps: """
            [{"op": "Replace", "path": "$.raw.parameters.ue_pr.data.schema", "match": "1-0-0$", "value": "1-0-1"},
             {"op": "Cast", "path": "$.raw.parameters.cx.data[?(@.schema=~customer)].data.age", "from": "String", "to": "Numeric"},
             {"op": "Add", "path": "$.raw.parameters.cx.data[0].data", "value": {"source": "recovery"}},
             {"op": "Remove", "path": "$.raw.parameters.aid"},
             {"op": "Replace", "path": "$.raw.parameters.cx", "value": {"schema": "c", "data": []}}]
            """
        );
        var steps = trace.Flows[0].Steps;
        Assert.Equal(5, steps.Count);
        Assert.Equal(
            ("\"iglu:com.acme/click/jsonschema/1-0-0\"", "\"iglu:com.acme/click/jsonschema/1-0-1\""),
            (Json(steps[0].Before[0]), Json(steps[0].After[0]))
        );
        Assert.Equal(("\"37\"", "37"), (Json(steps[1].Before[0]), Json(steps[1].After[0])));
        Assert.Equal("""{"age":37,"source":"recovery"}""", Json(steps[2].After[0]));
        Assert.Equal(("\"a b\"", "\"\""), (Json(steps[3].Before[0]), Json(steps[3].After[0])));
        // A path ending at a layer shows it decoded: the context as JSON, not base64.
        Assert.StartsWith("""{"schema":"c","data":[{"schema":"iglu:com.acme/customer""", Json(steps[4].Before[0]));
        Assert.All(steps, s => Assert.True(s.Changed));
        var decoded = trace.Outcome.Decoded!;
        Assert.Equal("""{"schema":"c","data":[]}""", Json(decoded.Parameters.Single(p => p.Name == "cx").Json));
        Assert.Equal(
            "iglu:com.acme/click/jsonschema/1-0-1",
            decoded.Parameters.Single(p => p.Name == "ue_pr").Json!["data"]!["schema"]!.GetValue<string>()
        );
        Assert.True(string.IsNullOrEmpty(decoded.Parameters.Single(p => p.Name == "aid").Value));
    }

    [Fact]
    public void A_failed_step_names_the_segment_that_failed_and_the_steps_after_it_do_not_run()
    {
        var trace = Trace(
            Layered,
            "schema_violations",
            steps: """
            [{"op": "Replace", "path": "$.raw.parameters.ue_pr.data.missing.id", "value": 2},
             {"op": "Remove", "path": "$.raw.parameters.aid"}]
            """
        );
        var step = Assert.Single(trace.Flows[0].Steps);
        Assert.Equal(new PathProblem("$.raw.parameters.ue_pr.data.missing", "does not exist"), step.NotFound);
        Assert.Equal(
            "flow fix: path $.raw.parameters.ue_pr.data.missing.id: $.raw.parameters.ue_pr.data.missing does not exist",
            trace.Outcome.Reason
        );
        Assert.Equal("failed", trace.Outcome.Kind);
    }

    [Fact]
    public void A_cast_that_cannot_be_done_fails_with_the_value_it_saw()
    {
        var trace = Trace(
            Layered,
            "schema_violations",
            steps: """[{"op": "Cast", "path": "$.raw.parameters.aid", "from": "String", "to": "Numeric"}]"""
        );
        var step = Assert.Single(trace.Flows[0].Steps);
        Assert.Equal("\"a b\"", Json(Assert.Single(step.Before)));
        Assert.Empty(step.After);
        Assert.NotNull(step.Error);
        Assert.Null(step.NotFound);
    }

    [Fact]
    public void A_recovery_error_row_is_traced_as_the_row_it_carries()
    {
        var trace = Trace(
            L.RecoveryError(L.RecoveryError(Tracker, 1), 2),
            "adapter_failures",
            steps: """[{"op": "Replace", "path": "$.querystring.aid", "value": "new-id"}]"""
        );
        Assert.Equal("adapter_failures", trace.BadRowType);
        Assert.Equal(2, trace.Unwrapped.Count);
        Assert.Equal(2, trace.Recoveries);
        Assert.Equal("new-id", trace.Outcome.Decoded!.Parameters.Single(p => p.Name == "aid").Value);
    }

    [Theory]
    [InlineData("adapter_failures", "recovered")]
    [InlineData("tracker_protocol_violations", "recovered")]
    [InlineData("schema_violations", "recovered")]
    [InlineData("enrichment_failures", "recovered")]
    [InlineData("collector_payload_format_violation", "recovered")]
    [InlineData("size_violation", "unrecoverable")]
    public void Every_bad_row_type_is_traced_to_its_outcome_and_payload(string type, string kind)
    {
        var line = type switch
        {
            "adapter_failures" => Tracker,
            "tracker_protocol_violations" => L.TrackerProtocolViolations(),
            "schema_violations" => Layered,
            "enrichment_failures" => L.EnrichmentFailures(),
            "collector_payload_format_violation" => L.CollectorPayloadFormatViolation(
                Convert.ToBase64String(CollectorPayloadThrift.Encode(new() { Querystring = "e=pv&n=1", Path = "/i" })),
                "bad query"
            ),
            _ => L.SizeViolation(),
        };
        var trace = Trace(line, type);
        Assert.Equal(type, trace.BadRowType);
        Assert.Equal(kind, trace.Outcome.Kind);
        if (kind != "recovered")
            return;
        var payload = CollectorPayloadThrift.Decode(Convert.FromBase64String(trace.Outcome.Payload!));
        Assert.Equal(TraceJson.Write(DecodedPayload.Of(payload)), TraceJson.Write(trace.Outcome.Decoded!));
        Assert.Equal(payload.Path, trace.Outcome.Decoded!.Path);
    }

    [Fact]
    public void A_line_that_is_not_a_bad_row_and_one_with_no_flow_for_its_schema_say_why()
    {
        var notJson = Trace("{oops", "adapter_failures");
        Assert.Equal(("invalid", "failed", "line is not valid JSON"), (notJson.BadRowType, notJson.Outcome.Kind, notJson.Outcome.Reason));
        var other = Trace(L.TrackerProtocolViolations(), "adapter_failures");
        Assert.Empty(other.Flows);
        Assert.StartsWith("no configuration for iglu:", other.Outcome.Reason);
    }

    [Fact]
    public void The_text_shows_the_story_and_cuts_long_values_with_a_marker()
    {
        var trace = Trace(
            Layered,
            "schema_violations",
            steps: """[{"op": "Replace", "path": "$.raw.parameters.ue_pr.data.schema", "match": "1-0-0$", "value": "1-0-1"}]""",
            conditions: """[{"op": "Test", "path": "$.payload.raw.vendor", "value": {"value": "com.snowplowanalytics.snowplow"}}]"""
        );
        var text = TraceText.Write(trace with { Location = "rows.jsonl:7" }, new TextStyle(Width: 80));
        Assert.Contains("rows.jsonl:7  schema_violations", text);
        Assert.Contains("conditions[0] Test $.payload.raw.vendor value \"com.snowplowanalytics.snowplow\"  held", text);
        Assert.Contains("steps[0] Replace $.raw.parameters.ue_pr.data.schema", text);
        Assert.Contains("after  \"iglu:com.acme/click/jsonschema/1-0-1\"", text);
        Assert.Contains("outcome recovered", text);
        Assert.Contains("more chars]", text);
        Assert.All(text.Split('\n').Where(l => l.Contains("more chars]")), l => Assert.True(l.Length <= 80, l));
        Assert.DoesNotContain("more chars]", TraceText.Write(trace, TextStyle.Plain));
        Assert.DoesNotContain("\u001b[", text, StringComparison.Ordinal);
        Assert.Contains("\u001b[32mheld", TraceText.Write(trace, new TextStyle(Colour: true)));
    }
}

/// <summary>A row no flow applies to names the first condition that did not hold, and what it saw.</summary>
public class UnmetConditionReasonTests
{
    private static readonly string Line = BadRowLines.AdapterFailures(
        BadRowLines.CollectorPayload(p => p["querystring"] = BadRowLines.Parameters(("e", "pv"), ("aid", new string('x', 200))))
    );

    private static string Reason(string conditions)
    {
        var config = Configs.Load(
            Configs.Text(
                Configs.Key("adapter_failures"),
                Configs.Flow("first", "[]", conditions),
                Configs.Flow("second", "[]", """[{"op":"Test","path":"$.nothing","value":{"value":1}}]""")
            )
        );
        var outcome = new Recoverer(config).Recover(Line);
        Assert.Equal(OutcomeKind.Failed, outcome.Kind);
        Assert.Equal(outcome.Reason, JsonNode.Parse(outcome.BadRowJson!)!["data"]!["failure"]!["error"]!.GetValue<string>()); // what the row says
        return outcome.Reason!;
    }

    [Fact]
    public void The_reason_names_the_condition_its_matcher_and_the_value_seen_shortened()
    {
        var reason = Reason(
            """[{"op":"Test","path":"$.payload.vendor","value":{"regex":"snowplow"}},{"op":"Test","path":"$.payload.querystring.aid","value":{"value":"acme"}}]"""
        );
        Assert.EndsWith(
            "failed; flow first: conditions[1] (Test $.payload.querystring.aid value \"acme\") did not hold: found \""
                + new string('x', 76)
                + "...",
            reason
        );
        Assert.Equal(
            "no configuration applies to this row: the conditions of every flow for iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-0-0 failed; flow first: conditions[1] (Test $.payload.querystring.aid value \"…\") did not hold: found …",
            ReasonClass.Of(reason)
        );
    }

    [Fact]
    public void The_reason_says_where_a_path_stopped()
    {
        var reason = Reason("""[{"op":"Test","path":"$.payload.querystring[?(@.name=~tna)].value","value":{"size":{"gt":1}}}]""");
        Assert.EndsWith(
            "flow first: conditions[0] (Test $.payload.querystring[?(@.name=~tna)].value size GreaterThan 1) did not hold: the path selects nothing",
            reason
        );
    }

    [Theory]
    [InlineData("line is 12345 bytes, longer than the limit of 100 bytes", "line is N bytes, longer than the limit of N bytes")]
    [InlineData("flow f: path $.a[0].b: $.a[0] does not exist", "flow f: path $.a[0].b: $.a[0] does not exist")]
    [InlineData("flow f: $.x does not hold valid JSON ('x' is invalid): {x", "flow f: $.x does not hold valid JSON ('x' is invalid): …")]
    public void A_reason_class_takes_out_the_values_of_one_row(string reason, string reasonClass) =>
        Assert.Equal(reasonClass, ReasonClass.Of(reason));

    [Fact]
    public void A_reason_class_is_bounded() => Assert.True(ReasonClass.Of("x" + new string('y', 10_000)).Length <= ReasonClass.MaxLength);
}
