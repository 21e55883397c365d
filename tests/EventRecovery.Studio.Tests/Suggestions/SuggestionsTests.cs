using System.Text;
using System.Text.Json.Nodes;
using EventRecovery.Studio.Samples;
using EventRecovery.Studio.Tests.Fixtures;

namespace EventRecovery.Studio.Tests.Suggestions;

/// <summary>Suggested repairs for the largest failure groups: each proposal, added to the config and re-run, recovers the rows it was made
/// for.</summary>
public sealed class SuggestionsTests
{
    private const string SchemaViolations = "iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-*-*";
    private const string AdapterFailures = "iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-*-*";

    [Fact]
    public async Task A_schema_Enrich_could_not_find_is_pointed_at_the_later_version_the_resolver_holds()
    {
        await using var studio = await ExampleStudio.StartAsync(resolver: true);
        var groups = (await studio.GetJsonAsync("/api/suggestions"))["groups"]!.AsArray();
        var failed = groups.Single(g => (string)g!["outcome"]! == "failed")!;
        var proposal = failed["proposals"]!.AsArray().Single()!;
        Assert.Equal("schema-version", (string)proposal["kind"]!);
        Assert.Equal(SchemaViolations, (string)proposal["key"]!);
        Assert.Null(proposal["valueNeeded"]);
        var step = proposal["flow"]!["steps"]![0]!;
        Assert.Equal("Replace", (string)step["op"]!);
        Assert.Equal("$.raw.parameters.ue_pr.data.schema", (string)step["path"]!);
        Assert.Equal("1-0-1", (string)step["value"]!);
        // The unrecoverable group says why nothing is proposed.
        var unrecoverable = groups.Single(g => (string)g!["outcome"]! == "unrecoverable")!;
        Assert.Empty(unrecoverable["proposals"]!.AsArray());
        Assert.Contains("cannot be recovered by any configuration", (string)unrecoverable["why"]!);

        var changes = await AddAndRerunAsync(studio, proposal);
        Assert.Equal(1, (int)changes["newlyRecovered"]!["count"]!);
        Assert.EndsWith(ExampleStudio.FailedRow, (string)changes["newlyRecovered"]!["first"]![0]!["location"]!);
        Assert.Equal(0, (int)changes["newlyFailed"]!["count"]!);
        var trace = (await studio.GetJsonAsync($"/api/rows/{studio.IndexOf(ExampleStudio.FailedRow)}"))["trace"]!;
        var ue = trace["outcome"]!["decoded"]!["parameters"]!.AsArray().Single(p => (string)p!["name"]! == "ue_pr")!;
        Assert.Equal("iglu:com.acme/newsletter_signup/jsonschema/1-0-1", (string)ue["json"]!["data"]!["schema"]!);
    }

    [Fact]
    public async Task Without_a_resolver_no_version_is_guessed_and_it_says_so()
    {
        await using var studio = await ExampleStudio.StartAsync();
        var failed = (await studio.GetJsonAsync("/api/suggestions"))["groups"]!.AsArray().Single(g => (string)g!["outcome"]! == "failed")!;
        Assert.Empty(failed["proposals"]!.AsArray());
        Assert.Contains("start the studio with --resolver", (string)failed["why"]!);
    }

    [Fact]
    public async Task A_property_of_the_wrong_type_is_cast_where_it_still_has_that_type()
    {
        // Two rows whose checkout context sent "total" as a string, and one whose event did; all fail for want of a flow.
        var lines = ExampleStudio.ExampleLines();
        lines.Add(
            Line(
                "written:1",
                SchemaViolation("cx", "iglu:com.acme/checkout/jsonschema/1-0-0", "\"12.5\"", "$.total: string found, number expected")
            )
        );
        lines.Add(
            Line(
                "written:2",
                SchemaViolation("cx", "iglu:com.acme/checkout/jsonschema/1-0-0", "\"7\"", "$.total: string found, number expected")
            )
        );
        lines.Add(
            Line(
                "written:3",
                SchemaViolation("ue_pr", "iglu:com.acme/rating/jsonschema/1-0-0", "\"4\"", "$.total: integer expected, string found")
            )
        );
        await using var studio = await ExampleStudio.StartAsync(lines);
        // Their reasons fall in the example's failed group or one beside it (the event's condition path is missing).
        var groups = (await studio.GetJsonAsync("/api/suggestions"))["groups"]!.AsArray();
        var proposals = groups.SelectMany(g => g!["proposals"]!.AsArray()).OrderByDescending(p => (int)p!["rows"]!).ToList();
        Assert.Equal(["cast", "cast"], proposals.Select(p => (string)p!["kind"]!));
        var context = proposals[0]!;
        Assert.Equal(2, (int)context["rows"]!);
        var step = context["flow"]!["steps"]![0]!;
        Assert.Equal(("String", "Numeric"), ((string)step["from"]!, (string)step["to"]!));
        Assert.Equal("$.raw.parameters.cx.data[?(@.schema=~com\\.acme/checkout/jsonschema/1-0-0)].data.total", (string)step["path"]!);
        Assert.Equal("$.raw.parameters.ue_pr.data.data.total", (string)proposals[1]!["flow"]!["steps"]![0]!["path"]!);

        await AddAndRerunAsync(studio, context);
        var changes = await AddAndRerunAsync(studio, proposals[1]!);
        Assert.Equal(1, (int)changes["newlyRecovered"]!["count"]!);
        var overview = await studio.GetJsonAsync("/api/overview");
        Assert.Equal(6 + 3, (int)overview["totals"]!["recovered"]!);
        var cast = (await studio.GetJsonAsync($"/api/rows/{lines.Count - 3}"))["trace"]!["flows"]!
            .AsArray()
            .Single(f => (bool)f!["applied"]!)!;
        Assert.Equal(12.5, (double)cast["steps"]![0]!["after"]![0]!);
    }

    [Fact]
    public async Task A_rejected_parameter_is_replaced_with_the_value_the_user_gives()
    {
        var lines = ExampleStudio.ExampleLines();
        lines.Add(Line("written:1", AdapterFailure("tv", "js-3.x", "tracker version must be known")));
        lines.Add(Line("written:2", AdapterFailure("tv", "js-3.x", "tracker version must be known")));
        await using var studio = await ExampleStudio.StartAsync(lines);
        var group = (await studio.GetJsonAsync("/api/suggestions"))["groups"]!
            .AsArray()
            .First(g => (string)g!["badRowType"]! == "adapter_failures")!;
        var proposal = group["proposals"]!.AsArray().Single()!;
        Assert.Equal("parameter", (string)proposal["kind"]!);
        Assert.Equal(AdapterFailures, (string)proposal["key"]!);
        Assert.Contains("tv", (string)proposal["valueNeeded"]!);
        Assert.Contains("tracker version must be known", (string)proposal["explanation"]!);
        var step = proposal["flow"]!["steps"]![0]!;
        Assert.Equal("^js-3\\.x$", (string)step["match"]!);
        step["value"] = "js-3.20.0"; // what the page asks the user for

        var changes = await AddAndRerunAsync(studio, proposal);
        Assert.Equal(2, (int)changes["newlyRecovered"]!["count"]!);
        var decoded = (await studio.GetJsonAsync($"/api/rows/{lines.Count - 1}"))["trace"]!["outcome"]!["decoded"]!;
        Assert.Contains("tv=js-3.20.0", (string)decoded["querystring"]!);
    }

    [Fact]
    public async Task With_a_resolver_each_recovered_row_says_whether_it_would_enrich()
    {
        await using var studio = await ExampleStudio.StartAsync(resolver: true);
        var verification = (await studio.GetJsonAsync("/api/overview"))["verification"]!;
        Assert.Equal(1, (int)verification["wouldFail"]!);
        Assert.Equal(
            6,
            (int)verification["passed"]!
                + (int)verification["wouldFail"]!
                + (int)verification["notVerified"]!
                + (int)verification["notChecked"]!
        );
        var body = await studio.GetJsonAsync($"/api/rows/{studio.IndexOf("context-fix.jsonl:1")}");
        Assert.Equal("would fail", (string)body["verification"]!["kind"]!);
        Assert.Contains("$.age: 37 should be at most 30", (string)body["verification"]!["reason"]!);
    }

    /// <summary>Adds the proposal's flow under its key, as the page does, re-runs, and returns what changed.</summary>
    private static async Task<JsonNode> AddAndRerunAsync(ExampleStudio studio, JsonNode proposal)
    {
        var config = JsonNode.Parse((string)(await studio.GetJsonAsync("/api/config"))["text"]!)!;
        var text = studio.Session.Runner.Shown!.Run.ConfigText;
        config = JsonNode.Parse(text)!;
        var key = (string)proposal["key"]!;
        if (config["data"]![key] is not JsonArray flows)
            config["data"]![key] = flows = [];
        flows.Add(proposal["flow"]!.DeepClone());
        var validation = (await studio.PostAsync("/api/config/validate", new { text = config.ToJsonString() })).Body;
        Assert.True((bool)validation["valid"]!, validation.ToJsonString());
        var (status, _) = await studio.PostAsync("/api/runs", new { text = config.ToJsonString() });
        Assert.Equal(202, status);
        return (await studio.WaitForRunAsync())["changes"]!;
    }

    private static SampleLine Line(string location, string json) =>
        new(location, Encoding.UTF8.GetBytes(json), Encoding.UTF8.GetByteCount(json));

    /// <summary>A schema_violations row whose entity of <paramref name="schema"/> (in <paramref name="parameter"/>) has a total Enrich
    /// refused.</summary>
    private static string SchemaViolation(string parameter, string schema, string total, string message)
    {
        var entity = new JsonObject { ["schema"] = schema, ["data"] = JsonNode.Parse($$"""{"id": "x-1", "total": {{total}}}""") };
        var value =
            parameter == "cx"
                ? Convert.ToBase64String(
                    Encoding.UTF8.GetBytes(
                        new JsonObject
                        {
                            ["schema"] = "iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0",
                            ["data"] = new JsonArray(entity),
                        }.ToJsonString()
                    )
                )
                : new JsonObject
                {
                    ["schema"] = "iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0",
                    ["data"] = entity,
                }.ToJsonString();
        var row = new JsonObject
        {
            ["schema"] = "iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-0-0",
            ["data"] = new JsonObject
            {
                ["processor"] = new JsonObject { ["artifact"] = "snowplow-enrich-kinesis", ["version"] = "5.1.0" },
                ["failure"] = new JsonObject
                {
                    ["timestamp"] = "2026-10-03T08:15:31.002Z",
                    ["messages"] = new JsonArray(
                        new JsonObject
                        {
                            ["schemaKey"] = schema,
                            ["error"] = new JsonObject
                            {
                                ["error"] = "ValidationError",
                                ["dataReports"] = new JsonArray(
                                    new JsonObject
                                    {
                                        ["message"] = message,
                                        ["path"] = "$.total",
                                        ["keyword"] = "type",
                                        ["targets"] = new JsonArray("number"),
                                    }
                                ),
                            },
                        }
                    ),
                },
                ["payload"] = new JsonObject
                {
                    ["enriched"] = new JsonObject { ["app_id"] = "shop", ["event_id"] = Guid.NewGuid().ToString() },
                    ["raw"] = new JsonObject
                    {
                        ["vendor"] = "com.snowplowanalytics.snowplow",
                        ["version"] = "tp2",
                        ["parameters"] = new JsonArray(
                            Parameter("e", parameter == "cx" ? "pv" : "ue"),
                            Parameter("p", "web"),
                            Parameter("aid", "shop"),
                            Parameter(parameter, value)
                        ),
                        ["contentType"] = null,
                        ["loaderName"] = "ssc-2.9.0-kinesis",
                        ["encoding"] = "UTF-8",
                        ["hostname"] = "collector.acme.example",
                        ["timestamp"] = "2026-10-03T08:15:30.120Z",
                        ["ipAddress"] = "203.0.113.7",
                        ["useragent"] = "curl/8",
                        ["refererUri"] = null,
                        ["headers"] = new JsonArray(),
                        ["userId"] = "8b2d4f60-3c1e-4a7b-9d8e-1f2a3b4c5d6e",
                    },
                },
            },
        };
        return row.ToJsonString();
    }

    private static string AdapterFailure(string field, string value, string expectation) =>
        new JsonObject
        {
            ["schema"] = "iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-0-0",
            ["data"] = new JsonObject
            {
                ["processor"] = new JsonObject { ["artifact"] = "snowplow-enrich-kinesis", ["version"] = "5.1.0" },
                ["failure"] = new JsonObject
                {
                    ["timestamp"] = "2026-10-03T09:00:01.000Z",
                    ["vendor"] = "com.snowplowanalytics.snowplow",
                    ["version"] = "tp1",
                    ["messages"] = new JsonArray(
                        new JsonObject
                        {
                            ["field"] = field,
                            ["value"] = value,
                            ["expectation"] = expectation,
                        }
                    ),
                },
                ["payload"] = new JsonObject
                {
                    ["vendor"] = "com.snowplowanalytics.snowplow",
                    ["version"] = "tp1",
                    ["querystring"] = new JsonArray(Parameter("e", "pv"), Parameter(field, value), Parameter("aid", "shop")),
                    ["contentType"] = null,
                    ["body"] = null,
                    ["collector"] = "ssc-2.9.0-kinesis",
                    ["encoding"] = "UTF-8",
                    ["hostname"] = "collector.acme.example",
                    ["timestamp"] = "2026-10-03T09:00:00.000Z",
                    ["ipAddress"] = "198.51.100.23",
                    ["useragent"] = "curl/8",
                    ["refererUri"] = null,
                    ["headers"] = new JsonArray(),
                    ["networkUserId"] = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
                },
            },
        }.ToJsonString();

    private static JsonObject Parameter(string name, string value) => new() { ["name"] = name, ["value"] = value };
}
