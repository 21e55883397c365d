using System.Text.Json.Nodes;
using EventRecovery.Core.Payloads;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Tests.Fixtures;

namespace EventRecovery.Core.Tests.Payloads;

public class EnrichmentPayloadJsonTests
{
    private static string UePr(string schema, string data) =>
        $$$"""{"schema":"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0","data":{"schema":"{{{schema}}}","data":{{{data}}}}}""";

    private static JsonObject Webhook(string vendor, string version, string uePr) =>
        BadRowLines.EnrichmentPayload(
            BadRowLines.RawEvent(r =>
            {
                r["vendor"] = vendor;
                r["version"] = version;
                r["parameters"] = BadRowLines.Parameters(("e", "ue"), ("p", "srv"), ("ue_pr", uePr));
            })
        );

    [Fact]
    public void The_collector_payload_is_rebuilt_from_raw_only()
    {
        var cp = EnrichmentPayloadJson.ToThrift(BadRowLines.EnrichmentPayload());

        Assert.Equal("/com.snowplowanalytics.snowplow/tp2", cp.Path);
        Assert.Equal("e=se&se_ca=shop&aid=app-1", cp.Querystring);
        Assert.Equal("ssc-loader-kinesis", cp.Collector);
        Assert.Equal("UTF-8", cp.Encoding);
        Assert.Equal(DateTimeOffset.Parse("2022-01-02T03:04:05.678Z").ToUnixTimeMilliseconds(), cp.Timestamp);
        Assert.Equal("198.51.100.4", cp.IpAddress);
        Assert.Equal("RawAgent/2.0", cp.UserAgent);
        Assert.Equal("https://raw-ref.example/", cp.RefererUri);
        Assert.Equal("collector.example", cp.Hostname);
        Assert.Equal(BadRowLines.NetworkUserId, cp.NetworkUserId);
        Assert.Null(cp.Headers);
        Assert.Null(cp.Body);
        Assert.Null(cp.ContentType);
    }

    [Fact]
    public void An_iglu_webhook_event_becomes_a_POST_of_its_data_with_the_schema_in_the_querystring()
    {
        const string schema = "iglu:com.acme/signup/jsonschema/1-0-0";
        var cp = EnrichmentPayloadJson.ToThrift(
            Webhook("com.snowplowanalytics.iglu", "v1", UePr(schema, """{ "plan": "pro", "seats": 3 }"""))
        );

        Assert.Equal("/com.snowplowanalytics.iglu/v1", cp.Path);
        Assert.Equal($"schema={schema}", cp.Querystring);
        Assert.Equal("""{"plan":"pro","seats":3}""", cp.Body);
        Assert.Equal("application/json", cp.ContentType);
        Assert.Equal("ssc-loader-kinesis", cp.Collector);
    }

    [Fact]
    public void A_sendgrid_event_becomes_a_one_element_array_with_the_event_type_from_the_schema_name()
    {
        var cp = EnrichmentPayloadJson.ToThrift(
            Webhook("com.sendgrid", "v3", UePr("iglu:com.sendgrid/bounce/jsonschema/3-0-0", """{"email":"x@example.com","tls":0}"""))
        );

        Assert.Equal("/com.sendgrid/v3", cp.Path);
        Assert.Equal("""[{"email":"x@example.com","tls":0,"event":"bounce"}]""", cp.Body);
        Assert.Equal("application/json", cp.ContentType);
        Assert.Equal(
            "e=ue&p=srv&ue_pr="
                + EventRecovery.Core.Codecs.UrlCoding.Encode(
                    UePr("iglu:com.sendgrid/bounce/jsonschema/3-0-0", """{"email":"x@example.com","tls":0}""")
                ),
            cp.Querystring
        );
    }

    [Fact]
    public void A_sendgrid_event_field_is_overwritten_in_place() =>
        Assert.Equal(
            """[{"event":"open","a":1}]""",
            EnrichmentPayloadJson
                .ToThrift(Webhook("com.sendgrid", "v3", UePr("iglu:com.sendgrid/open/jsonschema/2-0-0", """{"event":"stale","a":1}""")))
                .Body
        );

    [Fact]
    public void A_sendgrid_schema_that_is_not_a_schema_key_fails() =>
        Assert.Contains(
            "not an iglu schema key",
            Assert.Throws<RowFailure>(() => EnrichmentPayloadJson.ToThrift(Webhook("com.sendgrid", "v3", UePr("bounce", "{}")))).Message
        );

    [Theory]
    [InlineData("not json", "ue_pr is not valid JSON")]
    [InlineData("""{"data":"x"}""", "ue_pr has no \"data\" object")]
    [InlineData("""{"data":{"data":{}}}""", "no \"schema\" string")]
    [InlineData("""{"data":{"schema":"iglu:com.acme/x/jsonschema/1-0-0"}}""", "ue_pr.data has no \"data\"")]
    public void A_webhook_event_without_a_readable_ue_pr_fails(string uePr, string reason) =>
        Assert.Contains(
            reason,
            Assert.Throws<RowFailure>(() => EnrichmentPayloadJson.ToThrift(Webhook("com.snowplowanalytics.iglu", "v1", uePr))).Message
        );

    [Fact]
    public void A_webhook_event_without_ue_pr_fails()
    {
        var payload = BadRowLines.EnrichmentPayload(BadRowLines.RawEvent(r => r["vendor"] = "com.snowplowanalytics.iglu"));
        Assert.Contains("no ue_pr value", Assert.Throws<RowFailure>(() => EnrichmentPayloadJson.ToThrift(payload)).Message);
    }

    [Theory]
    [InlineData("loaderName")]
    [InlineData("headers")]
    [InlineData("parameters")]
    [InlineData("vendor")]
    public void A_required_raw_field_that_is_missing_fails_with_its_location(string field)
    {
        var payload = BadRowLines.EnrichmentPayload(BadRowLines.RawEvent(r => r.Remove(field)));
        Assert.Contains($"payload.raw.{field}", Assert.Throws<RowFailure>(() => EnrichmentPayloadJson.ToThrift(payload)).Message);
    }

    [Fact]
    public void A_payload_without_raw_fails() =>
        Assert.Contains(
            "payload.raw is null, expected an object",
            Assert.Throws<RowFailure>(() => EnrichmentPayloadJson.ToThrift(new JsonObject { ["enriched"] = new JsonObject() })).Message
        );
}
