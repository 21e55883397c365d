using System.Text.Json.Nodes;
using EventRecovery.Core.Payloads;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Tests.Fixtures;

namespace EventRecovery.Core.Tests.Payloads;

public class CollectorPayloadJsonTests
{
    [Fact]
    public void Every_field_of_the_JSON_payload_is_carried()
    {
        var cp = CollectorPayloadJson.ToThrift(
            BadRowLines.CollectorPayload(p =>
            {
                p["contentType"] = "application/x-www-form-urlencoded";
                p["body"] = "e=pv";
            })
        );

        Assert.Equal(CollectorPayload.ThriftSchema, cp.Schema);
        Assert.Equal("192.0.2.7", cp.IpAddress);
        Assert.Equal(DateTimeOffset.Parse("2023-05-06T07:08:09.123Z").ToUnixTimeMilliseconds(), cp.Timestamp);
        Assert.Equal("UTF-8", cp.Encoding);
        Assert.Equal("ssc-test-kinesis", cp.Collector);
        Assert.Equal("TestAgent/1.0", cp.UserAgent);
        Assert.Equal("https://ref.example/", cp.RefererUri);
        Assert.Equal("/com.snowplowanalytics.snowplow/tp1", cp.Path);
        Assert.Equal("e=pv&url=https%3A%2F%2Fshop.example%2Fcart%3Fx%3D1", cp.Querystring);
        Assert.Equal("e=pv", cp.Body);
        Assert.Equal(["Host: collector.example", "X-Test: 1"], cp.Headers);
        Assert.Equal("application/x-www-form-urlencoded", cp.ContentType);
        Assert.Equal("collector.example", cp.Hostname);
        Assert.Equal(BadRowLines.NetworkUserId, cp.NetworkUserId);
    }

    [Fact]
    public void Null_optional_fields_stay_unset()
    {
        var cp = CollectorPayloadJson.ToThrift(
            BadRowLines.CollectorPayload(p =>
            {
                foreach (var name in new[] { "ipAddress", "timestamp", "useragent", "refererUri", "hostname", "networkUserId" })
                    p[name] = null;
                p["headers"] = new JsonArray();
            })
        );
        Assert.Null(cp.IpAddress);
        Assert.Equal(0, cp.Timestamp);
        Assert.Null(cp.UserAgent);
        Assert.Null(cp.RefererUri);
        Assert.Null(cp.Hostname);
        Assert.Null(cp.NetworkUserId);
        Assert.Null(cp.Body);
        Assert.Null(cp.ContentType);
        Assert.Equal([], cp.Headers);
    }

    [Fact]
    public void The_network_user_id_is_written_in_canonical_lower_case() =>
        Assert.Equal(
            BadRowLines.NetworkUserId,
            CollectorPayloadJson
                .ToThrift(BadRowLines.CollectorPayload(p => p["networkUserId"] = BadRowLines.NetworkUserId.ToUpperInvariant()))
                .NetworkUserId
        );

    [Fact]
    public void A_timestamp_with_microseconds_and_an_offset_becomes_epoch_millis() =>
        Assert.Equal(
            DateTimeOffset.Parse("2021-12-17T10:50:53.427Z").ToUnixTimeMilliseconds(),
            CollectorPayloadJson.ToThrift(BadRowLines.CollectorPayload(p => p["timestamp"] = "2021-12-17T12:50:53.427120+02:00")).Timestamp
        );

    [Fact]
    public void A_querystring_written_as_an_object_is_accepted() =>
        Assert.Equal(
            "e=pv&n=1&b=true&x=",
            CollectorPayloadJson
                .ToThrift(BadRowLines.CollectorPayload(p => p["querystring"] = JsonNode.Parse("""{"e":"pv","n":1,"b":true,"x":null}""")))
                .Querystring
        );

    [Theory]
    [InlineData("vendor", null, "payload.vendor is null, expected a string")]
    [InlineData("encoding", 5, "payload.encoding is number 5, expected a string")]
    [InlineData("networkUserId", "not-a-uuid", "payload.networkUserId \"not-a-uuid\" is not a UUID")]
    [InlineData("timestamp", "yesterday", "payload.timestamp \"yesterday\" is not an ISO-8601 date-time")]
    [InlineData("headers", null, "payload.headers is null, expected an array of strings")]
    [InlineData("querystring", "e=pv", "payload.querystring is string, expected a list of name/value pairs")]
    public void A_field_of_the_wrong_type_fails_with_its_location(string field, object? value, string reason)
    {
        var payload = BadRowLines.CollectorPayload(p =>
            p[field] = value switch
            {
                null => null,
                int n => n,
                _ => (string)value,
            }
        );
        Assert.Contains(reason, Assert.Throws<RowFailure>(() => CollectorPayloadJson.ToThrift(payload)).Message);
    }

    [Fact]
    public void A_parameter_without_a_name_fails()
    {
        var payload = BadRowLines.CollectorPayload(p => p["querystring"] = JsonNode.Parse("""[{"value":"pv"}]"""));
        Assert.Contains(
            "payload.querystring[0].name is missing",
            Assert.Throws<RowFailure>(() => CollectorPayloadJson.ToThrift(payload)).Message
        );
    }

    [Fact]
    public void The_original_request_path_is_kept_when_vendor_and_version_still_lead_to_it()
    {
        var cp = new CollectorPayload
        {
            Path = "/i",
            Querystring = "e=pv",
            Collector = "c",
            Encoding = "UTF-8",
            Timestamp = 1,
        };
        var json = CollectorPayloadJson.FromThrift(cp);
        Assert.Equal("/i", CollectorPayloadJson.ToThrift(json, originalPath: "/i").Path);
        json["vendor"] = "com.acme";
        json["version"] = "v1";
        Assert.Equal("/com.acme/v1", CollectorPayloadJson.ToThrift(json, originalPath: "/i").Path);
    }

    [Fact]
    public void FromThrift_and_back_keeps_every_field()
    {
        var cp = new CollectorPayload
        {
            IpAddress = "203.0.113.9",
            Timestamp = 1_700_000_000_123,
            Encoding = "UTF-8",
            Collector = "ssc-x",
            UserAgent = "UA",
            RefererUri = "https://r.example/",
            Path = "/com.snowplowanalytics.snowplow/tp2",
            Querystring = "e=pv&q=a+b",
            Body = "{\"a\":1}",
            Headers = ["H: 1"],
            ContentType = "application/json",
            Hostname = "h.example",
            NetworkUserId = BadRowLines.NetworkUserId,
        };
        Assert.Equal(cp, CollectorPayloadJson.ToThrift(CollectorPayloadJson.FromThrift(cp), originalPath: cp.Path));
    }

    [Fact]
    public void FromThrift_drops_a_network_user_id_that_is_not_a_UUID() =>
        Assert.Null(CollectorPayloadJson.FromThrift(new CollectorPayload { NetworkUserId = "nope" })["networkUserId"]);
}
