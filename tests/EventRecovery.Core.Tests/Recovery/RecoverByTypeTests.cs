using System.Text;
using System.Text.Json.Nodes;
using EventRecovery.Core.Payloads;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Tests.Fixtures;
using EventRecovery.Core.Thrift;

namespace EventRecovery.Core.Tests.Recovery;

/// <summary>Each bad row type, from line to the collector payload the recovered Thrift decodes to.</summary>
public class RecoverByTypeTests
{
    private static readonly long CollectorMillis = DateTimeOffset.Parse("2023-05-06T07:08:09.123Z").ToUnixTimeMilliseconds();
    private static readonly long RawMillis = DateTimeOffset.Parse("2022-01-02T03:04:05.678Z").ToUnixTimeMilliseconds();

    private static Recoverer NoSteps(string type) => Configs.WithSteps(type, "[]");

    private static JsonObject PayloadWithAwkwardQuerystring() =>
        BadRowLines.CollectorPayload(p =>
        {
            p["querystring"] = BadRowLines.Parameters(
                ("e", "pv"),
                ("page", "Tom & Jerry ~ *"),
                ("empty", null),
                ("url", "https://a.example/?q=é")
            );
            p["body"] = "{\"k\":1}";
            p["contentType"] = "application/json";
        });

    [Fact]
    public void Adapter_failures_become_the_collector_payload_they_hold()
    {
        var cp = Outcomes.Recovered(NoSteps("adapter_failures").Recover(BadRowLines.AdapterFailures(PayloadWithAwkwardQuerystring())));

        Assert.Equal(CollectorPayload.ThriftSchema, cp.Schema);
        Assert.Equal("/com.snowplowanalytics.snowplow/tp1", cp.Path);
        Assert.Equal("e=pv&page=Tom+%26+Jerry+%7E+*&empty=&url=https%3A%2F%2Fa.example%2F%3Fq%3D%C3%A9", cp.Querystring);
        Assert.Equal("ssc-test-kinesis", cp.Collector);
        Assert.Equal("UTF-8", cp.Encoding);
        Assert.Equal(CollectorMillis, cp.Timestamp);
        Assert.Equal(BadRowLines.NetworkUserId, cp.NetworkUserId);
        Assert.Equal("{\"k\":1}", cp.Body);
        Assert.Equal("application/json", cp.ContentType);
        Assert.Equal(["Host: collector.example", "X-Test: 1"], cp.Headers);
        Assert.Equal(
            ("192.0.2.7", "TestAgent/1.0", "https://ref.example/", "collector.example"),
            (cp.IpAddress, cp.UserAgent, cp.RefererUri, cp.Hostname)
        );
    }

    [Fact]
    public void Tracker_protocol_violations_of_both_versions_are_recovered()
    {
        var recoverer = NoSteps("tracker_protocol_violations");
        foreach (var version in new[] { "1-0-0", "1-0-1" })
        {
            var outcome = recoverer.Recover(BadRowLines.TrackerProtocolViolations(PayloadWithAwkwardQuerystring(), version));
            Assert.Equal(
                "e=pv&page=Tom+%26+Jerry+%7E+*&empty=&url=https%3A%2F%2Fa.example%2F%3Fq%3D%C3%A9",
                Outcomes.Recovered(outcome).Querystring
            );
            Assert.Equal("tracker_protocol_violations", outcome.BadRowType);
            Assert.Equal(["fix"], outcome.Flows);
        }
    }

    [Fact]
    public void The_recovered_payload_is_written_in_Thrift_binary_protocol_with_standard_field_ids()
    {
        var outcome = NoSteps("adapter_failures").Recover(BadRowLines.AdapterFailures());
        var bytes = outcome.Payload!;
        Assert.Equal(CollectorPayloadThrift.Encode(CollectorPayloadThrift.Decode(bytes)), bytes);
        // First field: type 11 (string), id 100 (ipAddress).
        Assert.Equal(new byte[] { 11, 0, 100 }, bytes[..3]);
    }

    [Theory]
    [InlineData("2-0-0")]
    [InlineData("2-0-1")]
    [InlineData("1-0-0")]
    public void Schema_violations_are_rebuilt_from_raw_without_headers_body_or_content_type(string version)
    {
        var cp = Outcomes.Recovered(NoSteps("schema_violations").Recover(BadRowLines.SchemaViolations(version: version)));

        Assert.Equal("/com.snowplowanalytics.snowplow/tp2", cp.Path);
        Assert.Equal("e=se&se_ca=shop&aid=app-1", cp.Querystring);
        Assert.Equal("ssc-loader-kinesis", cp.Collector);
        Assert.Equal(RawMillis, cp.Timestamp);
        Assert.Equal(BadRowLines.NetworkUserId, cp.NetworkUserId);
        Assert.Null(cp.Headers);
        Assert.Null(cp.Body);
        Assert.Null(cp.ContentType);
    }

    [Theory]
    [InlineData("1-0-0")]
    [InlineData("2-0-0")]
    [InlineData("2-0-1")]
    public void Enrichment_failures_are_rebuilt_from_raw(string version)
    {
        var cp = Outcomes.Recovered(NoSteps("enrichment_failures").Recover(BadRowLines.EnrichmentFailures(version: version)));
        Assert.Equal("e=se&se_ca=shop&aid=app-1", cp.Querystring);
        Assert.Equal("ssc-loader-kinesis", cp.Collector);
        Assert.Null(cp.Headers);
    }

    [Fact]
    public void A_schema_violation_of_an_iglu_webhook_becomes_a_POST_of_the_fixed_event()
    {
        const string uePr =
            """{"schema":"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0","data":{"schema":"iglu:com.acme/signup/jsonschema/1-0-0","data":{"plan":"pro","seats":"3"}}}""";
        var raw = BadRowLines.RawEvent(r =>
        {
            r["vendor"] = "com.snowplowanalytics.iglu";
            r["version"] = "v1";
            r["parameters"] = BadRowLines.Parameters(("e", "ue"), ("ue_pr", uePr));
        });
        var recoverer = Configs.WithSteps(
            "schema_violations",
            """[{"op": "Cast", "path": "$.raw.parameters.ue_pr.data.data.seats", "from": "String", "to": "Numeric"}]"""
        );

        var cp = Outcomes.Recovered(recoverer.Recover(BadRowLines.SchemaViolations(BadRowLines.EnrichmentPayload(raw))));

        Assert.Equal("/com.snowplowanalytics.iglu/v1", cp.Path);
        Assert.Equal("schema=iglu:com.acme/signup/jsonschema/1-0-0", cp.Querystring);
        Assert.Equal("""{"plan":"pro","seats":3}""", cp.Body);
        Assert.Equal("application/json", cp.ContentType);
    }

    [Fact]
    public void An_enrichment_failure_of_a_sendgrid_event_becomes_a_sendgrid_POST()
    {
        const string uePr =
            """{"schema":"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0","data":{"schema":"iglu:com.sendgrid/delivered/jsonschema/3-0-0","data":{"email":"a@example.com","asm_group_id":99999}}}""";
        var raw = BadRowLines.RawEvent(r =>
        {
            r["vendor"] = "com.sendgrid";
            r["version"] = "v3";
            r["parameters"] = BadRowLines.Parameters(("e", "ue"), ("ue_pr", uePr));
        });
        var recoverer = Configs.WithSteps(
            "enrichment_failures",
            """[{"op": "Replace", "path": "$.raw.parameters.ue_pr.data.data.asm_group_id", "value": 1}]"""
        );

        var cp = Outcomes.Recovered(recoverer.Recover(BadRowLines.EnrichmentFailures(BadRowLines.EnrichmentPayload(raw))));

        Assert.Equal("/com.sendgrid/v3", cp.Path);
        Assert.Equal("""[{"email":"a@example.com","asm_group_id":1,"event":"delivered"}]""", cp.Body);
        Assert.Equal("application/json", cp.ContentType);
    }

    private static CollectorPayload ThriftPayload(string querystring) =>
        new()
        {
            IpAddress = "203.0.113.5",
            Timestamp = 1_681_878_957_006,
            Encoding = "UTF-8",
            Collector = "ssc-2.8.0-kinesis",
            UserAgent = "Mozilla/5.0",
            Path = "/i",
            Querystring = querystring,
            Headers = ["Host: c.example"],
            Hostname = "c.example",
            NetworkUserId = BadRowLines.NetworkUserId,
        };

    [Fact]
    public void A_format_violation_with_Unrecognized_type_holds_base64_of_base64_Thrift()
    {
        var original = ThriftPayload("e=pv&page=Home&tv=js-3.0.0");
        var payload = Convert.ToBase64String(Encoding.ASCII.GetBytes(Convert.ToBase64String(CollectorPayloadThrift.Encode(original))));
        var line = BadRowLines.CollectorPayloadFormatViolation(payload, "error deserializing raw event: Unrecognized type 67");

        var outcome = Configs
            .WithSteps("collector_payload_format_violation", """[{"op": "Replace", "path": "$.querystring.page", "value": "Start page"}]""")
            .Recover(line);

        var cp = Outcomes.Recovered(outcome);
        Assert.Equal(original with { Querystring = "e=pv&page=Start+page&tv=js-3.0.0" }, cp);
        Assert.Equal("/i", cp.Path);
    }

    [Fact]
    public void A_format_violation_without_steps_gives_back_the_original_Thrift_bytes()
    {
        var original = ThriftPayload("e=pv&tv=js-3.0.0");
        var thrift = CollectorPayloadThrift.Encode(original);
        var payload = Convert.ToBase64String(Encoding.ASCII.GetBytes(Convert.ToBase64String(thrift)));
        var line = BadRowLines.CollectorPayloadFormatViolation(payload, "error deserializing raw event: Unrecognized type 11");

        Assert.Equal(thrift, NoSteps("collector_payload_format_violation").Recover(line).Payload);
    }

    [Fact]
    public void A_format_violation_of_a_bad_querystring_is_repaired_and_rebuilt()
    {
        var original = ThriftPayload("e=pv&url=http://a.example/x y|z&pct=50%&ok=%41%7e&tv=js-3.0.0");
        var line = BadRowLines.CollectorPayloadFormatViolation(
            Convert.ToBase64String(CollectorPayloadThrift.Encode(original)),
            "Illegal character in query at index 30: /i?e=pv&url=http://a.example/x y|z"
        );

        var cp = Outcomes.Recovered(NoSteps("collector_payload_format_violation").Recover(line));

        Assert.Equal("e=pv&url=http%3A%2F%2Fa.example%2Fx+y%7Cz&pct=50%25&ok=A%7E&tv=js-3.0.0", cp.Querystring);
        Assert.Equal(original with { Querystring = cp.Querystring }, cp);
    }

    [Fact]
    public void Only_the_exact_deserializing_message_takes_the_base64_path()
    {
        var original = ThriftPayload("e=pv&q=a b");
        var line = BadRowLines.CollectorPayloadFormatViolation(
            Convert.ToBase64String(CollectorPayloadThrift.Encode(original)),
            "Unrecognized type 67 somewhere else"
        );
        Assert.Equal("e=pv&q=a+b", Outcomes.Recovered(NoSteps("collector_payload_format_violation").Recover(line)).Querystring);
    }

    [Fact]
    public void A_format_violation_whose_payload_is_not_Thrift_fails()
    {
        var line = BadRowLines.CollectorPayloadFormatViolation(Convert.ToBase64String("not thrift at all"u8.ToArray()), "bad");
        var outcome = NoSteps("collector_payload_format_violation").Recover(line);
        Outcomes.NotRecovered(outcome);
        Assert.Contains("not a Thrift collector payload", outcome.Reason);
        Assert.DoesNotContain("flow fix", outcome.Reason); // no step ran: the flow is not to blame
    }

    [Fact]
    public void A_format_violation_without_a_querystring_to_repair_fails()
    {
        var line = BadRowLines.CollectorPayloadFormatViolation(
            Convert.ToBase64String(CollectorPayloadThrift.Encode(ThriftPayload(null!))),
            "bad"
        );
        var outcome = NoSteps("collector_payload_format_violation").Recover(line);
        Outcomes.NotRecovered(outcome);
        Assert.Contains("no querystring to repair", outcome.Reason);
    }

    [Fact]
    public void A_recovery_error_is_recovered_with_the_flows_for_the_row_it_holds()
    {
        var inner = BadRowLines.AdapterFailures(
            BadRowLines.CollectorPayload(p => p["querystring"] = BadRowLines.Parameters(("e", "pv"), ("aid", "bad")))
        );
        var recoverer = Configs.Recoverer(
            Configs.Text(
                (Configs.Key("recovery_error"), [Configs.Flow("outer", """[{"op": "Replace", "path": "$.nope", "value": 1}]""")]),
                (
                    Configs.Key("adapter_failures"),
                    [Configs.Flow("inner", """[{"op": "Replace", "path": "$.querystring.aid", "value": "good"}]""")]
                )
            )
        );

        var outcome = recoverer.Recover(BadRowLines.RecoveryError(inner, recoveries: 2));

        Assert.Equal("e=pv&aid=good", Outcomes.Recovered(outcome).Querystring);
        Assert.Equal("adapter_failures", outcome.BadRowType);
        Assert.Equal(["inner"], outcome.Flows);
    }

    [Fact]
    public void A_recovery_error_is_not_recovered_by_flows_for_recovery_error_rows()
    {
        var recoverer = Configs.WithSteps("recovery_error", "[]");
        var outcome = recoverer.Recover(BadRowLines.RecoveryError(BadRowLines.AdapterFailures(), recoveries: 1));
        Outcomes.NotRecovered(outcome);
        Assert.Contains("adapter_failures", outcome.Reason);
    }

    [Fact]
    public void A_size_violation_is_unrecoverable()
    {
        var outcome = Configs.WithSteps("size_violation", "[]").Recover(BadRowLines.SizeViolation());
        var data = Outcomes.NotRecovered(outcome, OutcomeKind.Unrecoverable);
        Assert.Equal("size_violation", outcome.BadRowType);
        Assert.Contains("size_violation cannot be recovered", outcome.Reason);
        Assert.Equal(BadRowLines.Schema("size_violation", "1-0-0"), data["data"]!["payload"]!["schema"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("generic_error", "1-0-0")]
    [InlineData("loader_parsing_error", "2-0-0")]
    [InlineData("loader_iglu_error", "2-0-1")]
    [InlineData("loader_runtime_error", "1-0-1")]
    [InlineData("loader_recovery_error", "1-0-0")]
    [InlineData("relay_failure", "1-0-0")]
    [InlineData("snowflake_error", "1-0-0")]
    [InlineData("event_forwarding_error", "1-0-0")]
    public void Other_published_types_are_unrecoverable(string type, string version)
    {
        var line = BadRowLines.Line(
            type,
            version,
            new JsonObject
            {
                ["processor"] = new JsonObject { ["artifact"] = "x", ["version"] = "1.0.0" },
                ["failure"] = new JsonObject { ["error"] = "boom" },
                ["payload"] = "p",
            }
        );
        var outcome = Configs.WithSteps(type, "[]").Recover(line);
        Outcomes.NotRecovered(outcome, OutcomeKind.Unrecoverable);
        Assert.Equal($"bad rows of type {type} cannot be recovered", outcome.Reason);
    }

    [Fact]
    public void An_unknown_type_under_the_bad_row_vendor_is_unrecoverable()
    {
        var outcome = NoSteps("adapter_failures")
            .Recover(BadRowLines.Line("brand_new_failure", "1-0-0", new JsonObject { ["payload"] = 1 }));
        Outcomes.NotRecovered(outcome, OutcomeKind.Unrecoverable);
        Assert.Contains("unknown bad row type brand_new_failure", outcome.Reason);
    }

    [Fact]
    public void A_recovery_error_holding_a_size_violation_is_unrecoverable_and_counts_the_attempt()
    {
        var outcome = NoSteps("size_violation").Recover(BadRowLines.RecoveryError(BadRowLines.SizeViolation(), recoveries: 4));
        var data = Outcomes.NotRecovered(outcome, OutcomeKind.Unrecoverable)["data"]!;
        Assert.Equal(5, data["recoveries"]!.GetValue<int>());
        Assert.Equal(BadRowLines.Schema("size_violation", "1-0-0"), data["payload"]!["schema"]!.GetValue<string>());
    }
}
