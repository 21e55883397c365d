using System.Text.Json.Nodes;
using EventRecovery.Core.Json;

namespace EventRecovery.Core.Tests.Fixtures;

/// <summary>
/// Builds bad row lines of every type with made-up, minimal data. Each builder takes an optional edit of the
/// data (or of the payload) so a test states only the fields it is about.
/// </summary>
public static class BadRowLines
{
    public const string Vendor = "com.snowplowanalytics.snowplow.badrows";

    public const string NetworkUserId = "5b1c6f1e-0d4c-4a57-9c55-2b7e0f5f0a01";

    public static string Schema(string type, string version) => $"iglu:{Vendor}/{type}/jsonschema/{version}";

    /// <summary>A name/value list as bad rows store it; a null value is written as JSON null.</summary>
    public static JsonArray Parameters(params (string Name, string? Value)[] pairs)
    {
        var list = new JsonArray();
        foreach (var (name, value) in pairs)
            list.Add(new JsonObject { ["name"] = name, ["value"] = value });
        return list;
    }

    /// <summary>The collector payload of adapter_failures and tracker_protocol_violations.</summary>
    public static JsonObject CollectorPayload(Action<JsonObject>? edit = null)
    {
        var payload = new JsonObject
        {
            ["vendor"] = "com.snowplowanalytics.snowplow",
            ["version"] = "tp1",
            ["querystring"] = Parameters(("e", "pv"), ("url", "https://shop.example/cart?x=1")),
            ["contentType"] = null,
            ["body"] = null,
            ["collector"] = "ssc-test-kinesis",
            ["encoding"] = "UTF-8",
            ["hostname"] = "collector.example",
            ["timestamp"] = "2023-05-06T07:08:09.123Z",
            ["ipAddress"] = "192.0.2.7",
            ["useragent"] = "TestAgent/1.0",
            ["refererUri"] = "https://ref.example/",
            ["headers"] = new JsonArray("Host: collector.example", "X-Test: 1"),
            ["networkUserId"] = NetworkUserId,
        };
        edit?.Invoke(payload);
        return payload;
    }

    /// <summary>The <c>raw</c> event of an enrichment payload.</summary>
    public static JsonObject RawEvent(Action<JsonObject>? edit = null)
    {
        var raw = new JsonObject
        {
            ["vendor"] = "com.snowplowanalytics.snowplow",
            ["version"] = "tp2",
            ["parameters"] = Parameters(("e", "se"), ("se_ca", "shop"), ("aid", "app-1")),
            ["contentType"] = "application/json; charset=UTF-8",
            ["loaderName"] = "ssc-loader-kinesis",
            ["encoding"] = "UTF-8",
            ["hostname"] = "collector.example",
            ["timestamp"] = "2022-01-02T03:04:05.678Z",
            ["ipAddress"] = "198.51.100.4",
            ["useragent"] = "RawAgent/2.0",
            ["refererUri"] = "https://raw-ref.example/",
            ["headers"] = new JsonArray("Cookie: sp=1"),
            ["userId"] = NetworkUserId,
        };
        edit?.Invoke(raw);
        return raw;
    }

    /// <summary>An enrichment payload: a partially enriched event and the raw event it came from.</summary>
    public static JsonObject EnrichmentPayload(JsonObject? raw = null) =>
        new()
        {
            ["enriched"] = new JsonObject
            {
                ["app_id"] = "app-1",
                ["event"] = "struct",
                ["domain_userid"] = "d-42",
            },
            ["raw"] = raw ?? RawEvent(),
        };

    private static JsonObject Processor() => new() { ["artifact"] = "test-enrich", ["version"] = "9.8.7" };

    /// <summary>Any bad row line from its type, version and data.</summary>
    public static string Line(string type, string version, JsonObject data) =>
        CompactJson.Serialize(new JsonObject { ["schema"] = Schema(type, version), ["data"] = data });

    /// <summary>A line of a bad row type whose data is processor, failure and payload, as the four below are.</summary>
    private static string Row(string type, string version, JsonObject failure, JsonObject payload, Action<JsonObject>? edit)
    {
        var data = new JsonObject
        {
            ["processor"] = Processor(),
            ["failure"] = failure,
            ["payload"] = payload,
        };
        edit?.Invoke(data);
        return Line(type, version, data);
    }

    public static string AdapterFailures(JsonObject? payload = null, string version = "1-0-0", Action<JsonObject>? edit = null) =>
        Row(
            "adapter_failures",
            version,
            new JsonObject
            {
                ["timestamp"] = "2023-05-06T07:08:10Z",
                ["vendor"] = "com.snowplowanalytics.snowplow",
                ["version"] = "tp1",
                ["messages"] = new JsonArray(
                    new JsonObject
                    {
                        ["field"] = "querystring",
                        ["value"] = null,
                        ["expectation"] = "test expectation",
                    }
                ),
            },
            payload ?? CollectorPayload(),
            edit
        );

    public static string TrackerProtocolViolations(JsonObject? payload = null, string version = "1-0-0", Action<JsonObject>? edit = null) =>
        Row(
            "tracker_protocol_violations",
            version,
            new JsonObject
            {
                ["timestamp"] = "2023-05-06T07:08:10Z",
                ["vendor"] = "com.snowplowanalytics.snowplow",
                ["version"] = "tp1",
                ["messages"] = new JsonArray(
                    new JsonObject
                    {
                        ["field"] = "e",
                        ["value"] = "zz",
                        ["expectation"] = "a known event type",
                    }
                ),
            },
            payload ?? CollectorPayload(),
            edit
        );

    public static string SchemaViolations(JsonObject? payload = null, string version = "2-0-0", Action<JsonObject>? edit = null) =>
        Row(
            "schema_violations",
            version,
            new JsonObject
            {
                ["timestamp"] = "2022-01-02T03:04:06Z",
                ["messages"] = new JsonArray(
                    new JsonObject
                    {
                        ["schemaKey"] = "iglu:com.acme/thing/jsonschema/1-0-0",
                        ["error"] = new JsonObject { ["error"] = "ResolutionError", ["lookupHistory"] = new JsonArray() },
                    }
                ),
            },
            payload ?? EnrichmentPayload(),
            edit
        );

    public static string EnrichmentFailures(JsonObject? payload = null, string version = "2-0-0", Action<JsonObject>? edit = null) =>
        Row(
            "enrichment_failures",
            version,
            new JsonObject
            {
                ["timestamp"] = "2022-01-02T03:04:06Z",
                ["messages"] = new JsonArray(
                    new JsonObject
                    {
                        ["enrichment"] = new JsonObject
                        {
                            ["schemaKey"] = "iglu:com.acme/enrichment/jsonschema/1-0-0",
                            ["identifier"] = "acme",
                        },
                        ["message"] = new JsonObject { ["error"] = "test enrichment error" },
                    }
                ),
            },
            payload ?? EnrichmentPayload(),
            edit
        );

    public static string CollectorPayloadFormatViolation(string payload, string error)
    {
        var data = new JsonObject
        {
            ["processor"] = Processor(),
            ["failure"] = new JsonObject
            {
                ["timestamp"] = "2023-04-05T06:07:08Z",
                ["loader"] = "thrift",
                ["message"] = new JsonObject { ["error"] = error },
            },
            ["payload"] = payload,
        };
        return Line("collector_payload_format_violation", "1-0-0", data);
    }

    public static string SizeViolation()
    {
        var data = new JsonObject
        {
            ["processor"] = Processor(),
            ["failure"] = new JsonObject
            {
                ["timestamp"] = "2023-04-05T06:07:08Z",
                ["maximumAllowedSizeBytes"] = 1000,
                ["actualSizeBytes"] = 2000,
                ["expectation"] = "too big",
            },
            ["payload"] = "cut-off payload",
        };
        return Line("size_violation", "1-0-0", data);
    }

    /// <summary>A recovery_error row wrapping <paramref name="innerLine"/>, as a previous recovery run writes it.</summary>
    public static string RecoveryError(string innerLine, int recoveries, string version = "1-0-0")
    {
        var data = new JsonObject
        {
            ["processor"] = new JsonObject { ["artifact"] = "event-recovery", ["version"] = "0.0.1" },
            ["failure"] = new JsonObject { ["error"] = "earlier failure", ["configName"] = "earlier-flow" },
            ["payload"] = JsonNode.Parse(innerLine),
            ["recoveries"] = recoveries,
        };
        return Line("recovery_error", version, data);
    }
}
