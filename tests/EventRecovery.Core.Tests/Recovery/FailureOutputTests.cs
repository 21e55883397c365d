using System.Text.Json.Nodes;
using EventRecovery.Core.Json;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Tests.Fixtures;

namespace EventRecovery.Core.Tests.Recovery;

/// <summary>What is written for rows that are not recovered: recovery_error rows, or format violations for lines that are not bad
/// rows.</summary>
public class FailureOutputTests
{
    private static readonly RecoveryOptions Options = new()
    {
        Clock = new FixedClock(),
        ProcessorArtifact = "event-recovery",
        ProcessorVersion = "1.2.3",
    };

    private static Recoverer Failing(string type, string? firstFlowSteps = null) =>
        Configs.Recoverer(
            Configs.Text(
                Configs.Key(type),
                Configs.Flow("works", firstFlowSteps ?? """[{"op": "Replace", "path": "$.querystring.e", "value": "changed"}]"""),
                Configs.Flow("breaks", """[{"op": "Cast", "path": "$.ipAddress", "from": "String", "to": "Numeric"}]""")
            ),
            Options
        );

    [Fact]
    public void A_failed_row_becomes_a_valid_recovery_error_naming_the_failing_flow()
    {
        var line = BadRowLines.AdapterFailures();
        var outcome = Failing("adapter_failures").Recover(line);

        var json = Outcomes.NotRecovered(outcome);
        var data = OutputShape.AssertRecoveryError(outcome.BadRowJson!);
        Assert.Equal("iglu:com.snowplowanalytics.snowplow.badrows/recovery_error/jsonschema/1-0-0", json["schema"]!.GetValue<string>());
        Assert.Equal("""{"artifact":"event-recovery","version":"1.2.3"}""", CompactJson.Serialize(data["processor"]));
        Assert.Equal("breaks", data["failure"]!["configName"]!.GetValue<string>());
        Assert.Equal(outcome.Reason, data["failure"]!["error"]!.GetValue<string>());
        Assert.Contains("flow breaks: Cast at $.ipAddress failed to cast \"192.0.2.7\" from String to Numeric", outcome.Reason);
        Assert.Equal(1, data["recoveries"]!.GetValue<int>());
        Assert.Equal(["works", "breaks"], outcome.Flows);
    }

    [Fact]
    public void The_payload_is_the_original_row_unchanged_even_after_steps_ran()
    {
        var line = BadRowLines.AdapterFailures();
        var outcome = Failing("adapter_failures").Recover(line);
        var payload = Outcomes.NotRecovered(outcome)["data"]!["payload"];
        Assert.Equal(line, CompactJson.Serialize(payload));
        Assert.Contains(line, outcome.BadRowJson);
    }

    [Fact]
    public void The_payload_keeps_the_original_text_of_the_row()
    {
        var line =
            "{ \"schema\" : \""
            + BadRowLines.Schema("adapter_failures", "1-0-0")
            + "\",\n \"data\": "
            + JsonNode.Parse(BadRowLines.AdapterFailures())!["data"]!.ToJsonString()
            + " }";
        var outcome = Failing("adapter_failures").Recover(line);
        Assert.Contains(line, outcome.BadRowJson);
    }

    [Theory]
    [InlineData("schema_violations", "2-0-1", "1-0-1")]
    [InlineData("schema_violations", "2-0-0", "1-0-0")]
    [InlineData("enrichment_failures", "2-0-1", "1-0-1")]
    [InlineData("enrichment_failures", "1-0-0", "1-0-0")]
    [InlineData("tracker_protocol_violations", "1-0-1", "1-0-1")]
    [InlineData("tracker_protocol_violations", "1-0-0", "1-0-0")]
    public void Payload_schemas_listed_only_in_recovery_error_1_0_1_get_that_version(string type, string version, string expected)
    {
        var line = type switch
        {
            "schema_violations" => BadRowLines.SchemaViolations(version: version),
            "enrichment_failures" => BadRowLines.EnrichmentFailures(version: version),
            _ => BadRowLines.TrackerProtocolViolations(version: version),
        };
        var outcome = Configs.WithSteps(type, """[{"op": "Remove", "path": "$.nope"}]""", Options).Recover(line);
        var json = Outcomes.NotRecovered(outcome);
        OutputShape.AssertRecoveryError(outcome.BadRowJson!);
        Assert.Equal(
            $"iglu:com.snowplowanalytics.snowplow.badrows/recovery_error/jsonschema/{expected}",
            json["schema"]!.GetValue<string>()
        );
    }

    [Fact]
    public void A_failed_recovery_error_is_not_wrapped_again_and_its_count_goes_up()
    {
        var inner = BadRowLines.AdapterFailures();
        var outcome = Failing("adapter_failures").Recover(BadRowLines.RecoveryError(inner, recoveries: 2));

        var data = OutputShape.AssertRecoveryError(outcome.BadRowJson!);
        Assert.Equal(inner, CompactJson.Serialize(data["payload"]));
        Assert.Equal(3, data["recoveries"]!.GetValue<int>());
        Assert.Equal("adapter_failures", outcome.BadRowType);
    }

    [Fact]
    public void Feeding_the_output_back_counts_every_run()
    {
        var recoverer = Failing("adapter_failures");
        var line = BadRowLines.AdapterFailures();
        for (var run = 1; run <= 3; run++)
        {
            line = recoverer.Recover(line).BadRowJson!;
            var data = OutputShape.AssertRecoveryError(line);
            Assert.Equal(run, data["recoveries"]!.GetValue<int>());
            Assert.Equal("adapter_failures", new string(data["payload"]!["schema"]!.GetValue<string>().Split('/')[1]));
        }
    }

    [Fact]
    public void A_recovery_error_without_a_count_counts_as_none_before()
    {
        var wrapped = JsonNode.Parse(BadRowLines.RecoveryError(BadRowLines.AdapterFailures(), recoveries: 0))!;
        wrapped["data"]!.AsObject().Remove("recoveries");
        var outcome = Failing("adapter_failures").Recover(wrapped.ToJsonString());
        Assert.Equal(1, OutputShape.AssertRecoveryError(outcome.BadRowJson!)["recoveries"]!.GetValue<int>());
    }

    [Fact]
    public void Without_a_flow_the_config_name_is_null()
    {
        var outcome = Configs.WithSteps("schema_violations", "[]", Options).Recover(BadRowLines.AdapterFailures());
        var data = OutputShape.AssertRecoveryError(outcome.BadRowJson!);
        Assert.Null(data["failure"]!["configName"]);
        Assert.True(data["failure"]!.AsObject().ContainsKey("configName"));
    }

    [Fact]
    public void A_failure_while_rebuilding_the_payload_names_every_flow_that_ran()
    {
        var recoverer = Configs.Recoverer(
            Configs.Text(
                Configs.Key("adapter_failures"),
                Configs.Flow("a", """[{"op": "Replace", "path": "$.networkUserId", "value": "not-a-uuid"}]"""),
                Configs.Flow("b")
            ),
            Options
        );
        var outcome = recoverer.Recover(BadRowLines.AdapterFailures());
        var data = OutputShape.AssertRecoveryError(outcome.BadRowJson!);
        Assert.StartsWith("rebuilding the collector payload: payload.networkUserId \"not-a-uuid\" is not a UUID", outcome.Reason);
        Assert.Equal("a,b", data["failure"]!["configName"]!.GetValue<string>());
    }

    [Fact]
    public void An_unrecoverable_row_is_a_valid_recovery_error_too()
    {
        var outcome = Configs.WithSteps("adapter_failures", "[]", Options).Recover(BadRowLines.SizeViolation());
        Assert.Equal(OutcomeKind.Unrecoverable, outcome.Kind);
        var data = OutputShape.AssertRecoveryError(outcome.BadRowJson!);
        Assert.Null(data["failure"]!["configName"]);
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("{\"schema\": \"iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-0-0\", \"data\": ")]
    [InlineData("")]
    public void A_line_that_is_not_JSON_becomes_a_format_violation_holding_the_line(string line)
    {
        var outcome = Configs.WithSteps("adapter_failures", "[]", Options).Recover(line);

        Outcomes.NotRecovered(outcome);
        var data = OutputShape.AssertFormatViolation(outcome.BadRowJson!);
        Assert.Equal(line, data["payload"]!.GetValue<string>());
        Assert.Equal(RecoveryOutcome.InvalidType, outcome.BadRowType);
        Assert.Equal("line is not valid JSON", outcome.Reason);
        // The row keeps the parser's words after the class.
        Assert.StartsWith("line is not valid JSON: ", data["failure"]!["message"]!["error"]!.GetValue<string>());
        Assert.Equal("2024-02-29T12:34:56.789Z", data["failure"]!["timestamp"]!.GetValue<string>());
        Assert.Equal("""{"artifact":"event-recovery","version":"1.2.3"}""", CompactJson.Serialize(data["processor"]));
    }

    [Fact]
    public void Lines_that_are_not_JSON_share_one_reason_and_each_row_keeps_what_the_parser_said()
    {
        // A binary file read as lines: each line stops the parser at a different character.
        string[] lines = ["\u0000\u0001binary", "oops", "{\"a\": tru}", "[1,2", "{} {}"];
        var recoverer = Configs.WithSteps("adapter_failures", "[]", Options);
        var outcomes = lines.Select(l => recoverer.Recover(l)).ToList();

        Assert.All(outcomes, o => Assert.Equal("line is not valid JSON", o.Reason));
        var details = outcomes
            .Select(o => OutputShape.AssertFormatViolation(o.BadRowJson!)["failure"]!["message"]!["error"]!.GetValue<string>())
            .ToList();
        Assert.All(details, d => Assert.StartsWith("line is not valid JSON: ", d));
        Assert.Equal(lines.Length, details.Distinct().Count());
        Assert.Contains("'0x00' is an invalid start of a value", details[0]);
    }

    [Theory]
    [InlineData("[1,2]", "not an object")]
    [InlineData("\"text\"", "not an object")]
    [InlineData("{\"data\":{}}", "no \"schema\" string")]
    [InlineData("{\"schema\":\"iglu:com.acme/thing/jsonschema/1-0-0\",\"data\":{}}", "not from com.snowplowanalytics.snowplow.badrows")]
    [InlineData(
        "{\"schema\":\"iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-*-*\",\"data\":{}}",
        "not an iglu schema key"
    )]
    [InlineData(
        "{\"schema\":\"iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-0-0\",\"data\":[]}",
        "no \"data\" object"
    )]
    [InlineData(
        "{\"schema\":\"iglu:com.snowplowanalytics.snowplow.badrows/recovery_error/jsonschema/1-0-0\",\"data\":{\"payload\":\"x\"}}",
        "payload of the recovery_error row"
    )]
    public void JSON_that_is_not_a_bad_row_becomes_a_format_violation(string line, string reason)
    {
        var outcome = Configs.WithSteps("adapter_failures", "[]", Options).Recover(line);
        var data = OutputShape.AssertFormatViolation(outcome.BadRowJson!);
        Assert.Equal(line, data["payload"]!.GetValue<string>());
        Assert.Contains(reason, outcome.Reason);
    }

    [Fact]
    public void A_very_long_reason_is_cut_to_what_the_format_violation_schema_allows_but_kept_whole_in_the_outcome()
    {
        var line = "{\"schema\":\"iglu:com.acme/" + new string('x', 2000) + "/jsonschema/1-0-0\",\"data\":{}}";
        var outcome = Configs.WithSteps("adapter_failures", "[]", Options).Recover(line);
        OutputShape.AssertFormatViolation(outcome.BadRowJson!);
        Assert.True(outcome.Reason!.Length > 2000);
    }

    [Fact]
    public void A_reason_cut_in_an_emoji_does_not_leave_half_a_character()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", 200));
        var line = BadRowLines.AdapterFailures(BadRowLines.CollectorPayload(p => p["ipAddress"] = "1" + emoji));
        var outcome = Failing("adapter_failures").Recover(line);
        var strict = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true);
        strict.GetBytes(outcome.BadRowJson!); // throws on a lone surrogate
        strict.GetBytes(outcome.Reason!);
    }
}
