using System.Text.Json.Nodes;
using EventRecovery.Core.BadRows;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.Json;
using EventRecovery.Core.Tests.Fixtures;

namespace EventRecovery.Core.Tests.BadRows;

public class FailureRowsTests
{
    private static readonly FailureRows Rows = new("event-recovery", "2.0.0-rc1", new FixedClock());

    [Fact]
    public void A_recovery_error_holds_the_row_reason_flow_and_count()
    {
        var inner = BadRowLines.AdapterFailures();
        var json = Rows.RecoveryError(inner, "adapter_failures", "1-0-0", "it \"broke\"\n badly", "flow-a", 4);

        var data = OutputShape.AssertRecoveryError(json);
        Assert.Equal("""{"artifact":"event-recovery","version":"2.0.0-rc1"}""", CompactJson.Serialize(data["processor"]));
        Assert.Equal("it \"broke\"\n badly", data["failure"]!["error"]!.GetValue<string>());
        Assert.Equal("flow-a", data["failure"]!["configName"]!.GetValue<string>());
        Assert.Equal(4, data["recoveries"]!.GetValue<int>());
        Assert.Equal(inner, CompactJson.Serialize(data["payload"]));
    }

    [Theory]
    [InlineData("schema_violations", "2-0-1", "1-0-1")]
    [InlineData("enrichment_failures", "2-0-1", "1-0-1")]
    [InlineData("tracker_protocol_violations", "1-0-1", "1-0-1")]
    [InlineData("loader_iglu_error", "2-0-1", "1-0-1")]
    [InlineData("schema_violations", "2-0-0", "1-0-0")]
    [InlineData("adapter_failures", "1-0-0", "1-0-0")]
    [InlineData("size_violation", "1-0-0", "1-0-0")]
    public void The_recovery_error_version_is_the_first_that_accepts_the_payload_schema(string type, string version, string expected)
    {
        var json = Rows.RecoveryError("{}", type, version, "r", null, 1);
        Assert.Equal(
            $"iglu:com.snowplowanalytics.snowplow.badrows/recovery_error/jsonschema/{expected}",
            JsonNode.Parse(json)!["schema"]!.GetValue<string>()
        );
    }

    [Theory]
    [InlineData("schema_violations", "2-0-1")]
    [InlineData("tracker_protocol_violations", "1-0-1")]
    [InlineData("size_violation", "1-0-0")]
    [InlineData("adapter_failures", "1-0-1")]
    public void The_row_written_as_bytes_is_the_text_row_in_UTF8_whatever_the_reason_holds(string type, string version)
    {
        var inner = BadRowLines.AdapterFailures();
        var key = SchemaKey.TryParse($"iglu:{BadRowTypes.Vendor}/{type}/jsonschema/{version}")!;
        string[] reasons =
        [
            "plain",
            "quote \" back\\slash",
            "controls \b\f\n\r\t \u0001 \u001f end",
            "é ü 漢字 🎉",
            "lone \ud800 high",
            "low \udc00\"",
            "",
            "\"\u0000",
        ];
        foreach (var reason in reasons)
        foreach (var flow in new[] { null, "flow \"a\"\n", "ü" })
        foreach (var recoveries in new[] { 1, 9, 10, 12345 })
        {
            var text = Rows.RecoveryError(inner, type, version, reason, flow, recoveries);
            var bytes = Rows.RecoveryErrorUtf8(System.Text.Encoding.UTF8.GetBytes(inner), key, reason, flow, recoveries);
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(text), bytes);
        }
    }

    [Fact]
    public void A_missing_flow_is_written_as_null() =>
        Assert.Equal(
            "null",
            CompactJson.Serialize(JsonNode.Parse(Rows.RecoveryError("{}", "x", "1-0-0", "r", null, 1))!["data"]!["failure"]!["configName"])
        );

    [Fact]
    public void A_format_violation_holds_the_line_as_text_with_a_timestamp_and_loader()
    {
        var json = Rows.FormatViolation("not json \"at all\" é", "line is not valid JSON");
        var data = OutputShape.AssertFormatViolation(json);
        Assert.Equal("not json \"at all\" é", data["payload"]!.GetValue<string>());
        Assert.Equal("2024-02-29T12:34:56.789Z", data["failure"]!["timestamp"]!.GetValue<string>());
        Assert.Equal("ndjson", data["failure"]!["loader"]!.GetValue<string>());
        Assert.Equal("line is not valid JSON", data["failure"]!["message"]!["error"]!.GetValue<string>());
    }

    [Fact]
    public void A_format_violation_reason_is_cut_to_512_characters()
    {
        var json = Rows.FormatViolation("x", new string('r', 600));
        var error = OutputShape.AssertFormatViolation(json)["failure"]!["message"]!["error"]!.GetValue<string>();
        Assert.Equal(FailureRows.MaxErrorLength, error.Length);
        Assert.EndsWith("rr...", error);
    }

    [Fact]
    public void Control_characters_in_the_line_are_escaped()
    {
        var json = Rows.FormatViolation("a\u0001b\tc", "r");
        Assert.Contains("a\\u0001b\\tc", json);
        Assert.Equal("a\u0001b\tc", JsonNode.Parse(json)!["data"]!["payload"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("schema_violations", "2-0-1", "a reason with \"quotes\", é and \n", "flow-a")]
    [InlineData("adapter_failures", "1-0-0", "r", null)]
    public void The_UTF8_recovery_error_is_the_UTF8_of_the_text_one(string type, string version, string reason, string? flow)
    {
        const string inner = """{"schema":"iglu:x/y/jsonschema/1-0-0","data":{"a":"é\u00e9😀"}}""";
        var text = Rows.RecoveryError(inner, type, version, reason, flow, 3);
        var utf8 = Rows.RecoveryErrorUtf8(System.Text.Encoding.UTF8.GetBytes(inner), type, version, reason, flow, 3);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(text), utf8);
    }
}
