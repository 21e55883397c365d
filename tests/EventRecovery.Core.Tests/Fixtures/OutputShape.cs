using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EventRecovery.Core.Tests.Fixtures;

/// <summary>
/// Hand-written checks of what the Iglu schemas for recovery_error (1-0-0, 1-0-1) and
/// collector_payload_format_violation (1-0-0) require of the rows we write: required fields, no extra fields
/// where the schema forbids them, types, enums, patterns and length limits. The schema files themselves are not
/// read at test time.
/// </summary>
public static partial class OutputShape
{
    private const string Badrows = "iglu:com.snowplowanalytics.snowplow.badrows/";

    // The payload schemas recovery_error 1-0-0 accepts; 1-0-1 adds the four below.
    private static readonly string[] PayloadSchemas100 =
    [
        "adapter_failures/jsonschema/1-0-0",
        "collector_payload_format_violation/jsonschema/1-0-0",
        "enrichment_failures/jsonschema/1-0-0",
        "enrichment_failures/jsonschema/2-0-0",
        "loader_iglu_error/jsonschema/2-0-0",
        "loader_parsing_error/jsonschema/2-0-0",
        "loader_recovery_error/jsonschema/1-0-0",
        "loader_runtime_error/jsonschema/1-0-0",
        "loader_runtime_error/jsonschema/1-0-1",
        "relay_failure/jsonschema/1-0-0",
        "schema_violations/jsonschema/1-0-0",
        "schema_violations/jsonschema/2-0-0",
        "size_violation/jsonschema/1-0-0",
        "snowflake_error/jsonschema/1-0-0",
        "tracker_protocol_violations/jsonschema/1-0-0",
    ];

    private static readonly string[] OnlyIn101 =
    [
        "enrichment_failures/jsonschema/2-0-1",
        "loader_iglu_error/jsonschema/2-0-1",
        "schema_violations/jsonschema/2-0-1",
        "tracker_protocol_violations/jsonschema/1-0-1",
    ];

    private static readonly string[] Loaders = ["clj-tomcat", "cloudfront", "ndjson", "thrift", "tsv"];

    [GeneratedRegex(@"^(\d+\.\d+\.\d+.*)$")]
    private static partial Regex VersionPattern();

    /// <summary>Asserts <paramref name="json"/> is a valid recovery_error row and returns its data.</summary>
    public static JsonObject AssertRecoveryError(string json)
    {
        var (schema, data) = SelfDescribing(json);
        Assert.True(schema is $"{Badrows}recovery_error/jsonschema/1-0-0" or $"{Badrows}recovery_error/jsonschema/1-0-1", schema);
        var is101 = schema.EndsWith("1-0-1", StringComparison.Ordinal);

        OnlyProperties(data, "data", "payload", "recoveries", "failure", "processor");
        Processor(data["processor"]);

        var failure = Assert.IsType<JsonObject>(data["failure"]);
        Assert.Equal(JsonValueKind.String, Kind(failure["error"]));
        if (failure.ContainsKey("configName"))
            Assert.True(Kind(failure["configName"]) is JsonValueKind.String or JsonValueKind.Null, "configName: string or null");

        if (data.ContainsKey("recoveries"))
        {
            var recoveries = Assert.IsAssignableFrom<JsonValue>(data["recoveries"]);
            Assert.True(recoveries.TryGetValue<int>(out _), "recoveries: integer");
        }

        var payload = Assert.IsType<JsonObject>(data["payload"]);
        var payloadSchema = Assert.IsAssignableFrom<JsonValue>(payload["schema"]).GetValue<string>();
        Assert.StartsWith(Badrows, payloadSchema);
        var name = payloadSchema[Badrows.Length..];
        Assert.True(
            PayloadSchemas100.Contains(name) || (is101 && OnlyIn101.Contains(name)),
            $"payload schema {payloadSchema} is not allowed by recovery_error {schema}"
        );
        var payloadData = Assert.IsType<JsonObject>(payload["data"]);
        Assert.Equal(JsonValueKind.Object, Kind(payloadData["processor"]));
        Assert.True(Kind(payloadData["failure"]) is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.String, "payload failure");
        if (payloadData.ContainsKey("payload"))
            Assert.True(Kind(payloadData["payload"]) is JsonValueKind.Object or JsonValueKind.String, "payload payload");
        return data;
    }

    /// <summary>Asserts <paramref name="json"/> is a valid collector_payload_format_violation row and returns its data.</summary>
    public static JsonObject AssertFormatViolation(string json)
    {
        var (schema, data) = SelfDescribing(json);
        Assert.Equal($"{Badrows}collector_payload_format_violation/jsonschema/1-0-0", schema);
        OnlyProperties(data, "data", "failure", "payload", "processor");
        RequireProperties(data, "data", "failure", "payload", "processor");
        Processor(data["processor"]);
        Assert.Equal(JsonValueKind.String, Kind(data["payload"]));

        var failure = Assert.IsType<JsonObject>(data["failure"]);
        OnlyProperties(failure, "failure", "timestamp", "loader", "message");
        RequireProperties(failure, "failure", "timestamp", "loader", "message");
        var timestamp = failure["timestamp"]!.GetValue<string>();
        Assert.True(
            DateTimeOffset.TryParseExact(
                timestamp,
                "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out _
            ),
            $"timestamp {timestamp} is not an RFC 3339 date-time"
        );
        Assert.Contains(failure["loader"]!.GetValue<string>(), Loaders);
        var message = Assert.IsType<JsonObject>(failure["message"]);
        OnlyProperties(message, "message", "error");
        var error = message["error"]!.GetValue<string>();
        Assert.True(CodePoints(error) <= 512, $"message.error has {CodePoints(error)} characters, the schema allows 512");
        return data;
    }

    private static (string Schema, JsonObject Data) SelfDescribing(string json)
    {
        var root = Assert.IsType<JsonObject>(JsonNode.Parse(json));
        OnlyProperties(root, "the row", "schema", "data");
        return (root["schema"]!.GetValue<string>(), Assert.IsType<JsonObject>(root["data"]));
    }

    private static void Processor(JsonNode? node)
    {
        var processor = Assert.IsType<JsonObject>(node);
        OnlyProperties(processor, "processor", "artifact", "version");
        RequireProperties(processor, "processor", "artifact", "version");
        var artifact = processor["artifact"]!.GetValue<string>();
        var version = processor["version"]!.GetValue<string>();
        Assert.True(CodePoints(artifact) <= 512, "processor.artifact too long");
        Assert.True(CodePoints(version) <= 32, "processor.version too long");
        Assert.Matches(VersionPattern(), version);
    }

    private static void OnlyProperties(JsonObject obj, string where, params string[] allowed)
    {
        foreach (var (name, _) in obj)
            Assert.True(allowed.Contains(name), $"{where} has a property the schema forbids: {name}");
    }

    private static void RequireProperties(JsonObject obj, string where, params string[] required)
    {
        foreach (var name in required)
            Assert.True(obj.ContainsKey(name), $"{where} lacks required {name}");
    }

    private static JsonValueKind Kind(JsonNode? node) =>
        node switch
        {
            null => JsonValueKind.Null,
            JsonObject => JsonValueKind.Object,
            JsonArray => JsonValueKind.Array,
            JsonValue v => v.GetValueKind(),
            _ => JsonValueKind.Undefined,
        };

    private static int CodePoints(string s) => s.EnumerateRunes().Count();
}
