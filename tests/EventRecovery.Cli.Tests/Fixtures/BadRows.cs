using System.Text.Json.Nodes;

namespace EventRecovery.Cli.Tests.Fixtures;

/// <summary>What the recovery config of <see cref="Configs.Standard"/> does with a line.</summary>
public enum Expected
{
    Recovered,

    /// <summary>Failed, written as a recovery_error row.</summary>
    Failed,

    /// <summary>Failed because it is not a bad row, written as a collector_payload_format_violation row.</summary>
    NotABadRow,
    Unrecoverable,
}

/// <summary>An input line and what should become of it; <see cref="Id"/> is a marker found again in the outputs.</summary>
public sealed record InputLine(string Id, string Text, Expected Expected);

/// <summary>
/// Small bad rows made up for these tests, one kind per builder. Each carries a unique marker (<c>id</c>) that
/// survives into its output: the <c>id</c> querystring parameter of a recovered payload, or the text of a failed
/// or unrecoverable row.
/// </summary>
public static class BadRows
{
    private const string Vendor = "com.snowplowanalytics.snowplow.badrows";

    /// <summary>A marker unlikely to appear by accident: <c>mk-000042</c>.</summary>
    public static string Marker(int n) => $"mk-{n:D6}";

    private static string Line(string type, string version, JsonObject data) =>
        new JsonObject { ["schema"] = $"iglu:{Vendor}/{type}/jsonschema/{version}", ["data"] = data }.ToJsonString();

    private static JsonArray NameValues(params (string Name, string Value)[] pairs) =>
        new(pairs.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["value"] = p.Value }).ToArray());

    private static JsonObject Processor() => new() { ["artifact"] = "cli-tests", ["version"] = "1.0.0" };

    /// <summary>adapter_failures whose querystring has <c>page=old</c>; the standard config makes it <c>page=new</c>.</summary>
    public static InputLine AdapterFailure(string id) =>
        new(
            id,
            Line(
                "adapter_failures",
                "1-0-0",
                new JsonObject
                {
                    ["processor"] = Processor(),
                    ["failure"] = new JsonObject
                    {
                        ["timestamp"] = "2024-03-04T05:06:07Z",
                        ["vendor"] = "com.snowplowanalytics.snowplow",
                        ["version"] = "tp1",
                        ["messages"] = new JsonArray(),
                    },
                    ["payload"] = new JsonObject
                    {
                        ["vendor"] = "com.snowplowanalytics.snowplow",
                        ["version"] = "tp1",
                        ["querystring"] = NameValues(("e", "pv"), ("page", "old"), ("id", id)),
                        ["collector"] = "test-collector",
                        ["encoding"] = "UTF-8",
                        ["timestamp"] = "2024-03-04T05:06:05.000Z",
                        ["headers"] = new JsonArray(),
                    },
                }
            ),
            Expected.Recovered
        );

    /// <summary>schema_violations whose <c>ue_pr</c> names <c>com.acme/thing/1-0-0</c>; the standard config moves it to 1-0-1.</summary>
    public static InputLine SchemaViolation(string id)
    {
        var uePr = new JsonObject
        {
            ["schema"] = "iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0",
            ["data"] = new JsonObject
            {
                ["schema"] = "iglu:com.acme/thing/jsonschema/1-0-0",
                ["data"] = new JsonObject { ["colour"] = "red" },
            },
        }.ToJsonString();
        return new(
            id,
            Line(
                "schema_violations",
                "2-0-0",
                new JsonObject
                {
                    ["processor"] = Processor(),
                    ["failure"] = new JsonObject { ["timestamp"] = "2024-03-04T05:06:07Z", ["messages"] = new JsonArray() },
                    ["payload"] = new JsonObject
                    {
                        ["enriched"] = new JsonObject { ["event"] = "unstruct" },
                        ["raw"] = new JsonObject
                        {
                            ["vendor"] = "com.snowplowanalytics.snowplow",
                            ["version"] = "tp2",
                            ["parameters"] = NameValues(("e", "ue"), ("ue_pr", uePr), ("id", id)),
                            ["loaderName"] = "test-loader",
                            ["encoding"] = "UTF-8",
                            ["headers"] = new JsonArray(),
                        },
                    },
                }
            ),
            Expected.Recovered
        );
    }

    /// <summary>tracker_protocol_violations, for which the standard config has no flow: failed, "no configuration".</summary>
    public static InputLine NoFlow(string id) =>
        new(
            id,
            Line(
                "tracker_protocol_violations",
                "1-0-0",
                new JsonObject
                {
                    ["processor"] = Processor(),
                    ["failure"] = new JsonObject
                    {
                        ["timestamp"] = "2024-03-04T05:06:07Z",
                        ["vendor"] = "com.snowplowanalytics.snowplow",
                        ["version"] = "tp2",
                        ["messages"] = new JsonArray(),
                    },
                    ["payload"] = new JsonObject
                    {
                        ["vendor"] = "com.snowplowanalytics.snowplow",
                        ["version"] = "tp2",
                        ["querystring"] = NameValues(("e", "zz"), ("id", id)),
                        ["collector"] = "test-collector",
                        ["encoding"] = "UTF-8",
                        ["headers"] = new JsonArray(),
                    },
                }
            ),
            Expected.Failed
        );

    /// <summary>size_violation: never recoverable.</summary>
    public static InputLine SizeViolation(string id) =>
        new(
            id,
            Line(
                "size_violation",
                "1-0-0",
                new JsonObject
                {
                    ["processor"] = Processor(),
                    ["failure"] = new JsonObject
                    {
                        ["timestamp"] = "2024-03-04T05:06:07Z",
                        ["maximumAllowedSizeBytes"] = 100,
                        ["actualSizeBytes"] = 200,
                        ["expectation"] = "smaller",
                    },
                    ["payload"] = "start of a large payload " + id,
                }
            ),
            Expected.Unrecoverable
        );

    /// <summary>A line that is not JSON at all.</summary>
    public static InputLine NotJson(string id) => new(id, $"this line is not JSON {id}", Expected.NotABadRow);

    /// <summary>A line longer than <paramref name="maxLineBytes"/>: failed with its real length.</summary>
    public static InputLine TooLong(string id, int maxLineBytes) =>
        new(id, $"{id} " + new string('x', maxLineBytes + 100), Expected.NotABadRow);

    /// <summary>One line of each kind, in turn, numbered from <paramref name="first"/>.</summary>
    public static List<InputLine> Mixed(int count, int first = 0)
    {
        Func<string, InputLine>[] kinds = [AdapterFailure, SchemaViolation, NoFlow, SizeViolation, NotJson];
        return Enumerable.Range(first, count).Select(i => kinds[i % kinds.Length](Marker(i))).ToList();
    }
}
