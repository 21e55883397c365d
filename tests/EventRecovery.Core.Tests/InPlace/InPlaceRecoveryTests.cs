using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventRecovery.Core.BadRows;
using EventRecovery.Core.Conditions;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.InPlace;
using EventRecovery.Core.Paths;
using EventRecovery.Core.Payloads;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Tests.Fixtures;
using EventRecovery.Core.Text;
using EventRecovery.Core.Thrift;

namespace EventRecovery.Core.Tests.InPlace;

/// <summary>
/// Recovery in place (on the line's parsed document) must give exactly the outcome recovery on a JSON tree gives:
/// the same payload bytes, the same failed row, the same reason. It must also really be taken for ordinary repairs.
/// </summary>
public class InPlaceRecoveryTests
{
    internal static readonly RecoveryOptions InPlaceOn = new() { Clock = new FixedClock() };
    internal static readonly RecoveryOptions TreeOnly = new() { Clock = new FixedClock(), InPlace = false };

    /// <summary>Asserts that recovery in place gave exactly the tree's outcome.</summary>
    internal static void AssertSame(RecoveryOutcome tree, RecoveryOutcome inPlace, string context)
    {
        Assert.True(
            tree.Kind == inPlace.Kind,
            $"kind {tree.Kind} on a tree, {inPlace.Kind} in place: {context}\n{tree.Reason}\n{inPlace.Reason}"
        );
        Assert.True(tree.Reason == inPlace.Reason, $"reasons differ: {context}\ntree:     {tree.Reason}\nin place: {inPlace.Reason}");
        Assert.True(tree.BadRowJson == inPlace.BadRowJson, $"failed rows differ: {context}");
        Assert.True(tree.BadRowType == inPlace.BadRowType, $"types differ: {context}");
        Assert.Equal(tree.Flows, inPlace.Flows);
        Assert.True(
            Unchanged(tree) == Unchanged(inPlace),
            $"unchanged steps differ: {context}\ntree:     {Unchanged(tree)}\nin place: {Unchanged(inPlace)}"
        );
        Assert.True(
            (tree.Payload ?? []).AsSpan().SequenceEqual(inPlace.Payload ?? []),
            $"payloads differ: {context}\ntree:     {Describe(tree.Payload)}\nin place: {Describe(inPlace.Payload)}"
        );
    }

    /// <summary>The steps an outcome reports unchanged, as text; null when it reports none.</summary>
    internal static string? Unchanged(RecoveryOutcome outcome) => outcome.UnchangedSteps is { } steps ? string.Join("; ", steps) : null;

    private static string Describe(byte[]? payload) => payload is null ? "none" : CollectorPayloadThrift.Decode(payload).ToString();

    /// <summary>The payload recovery in place rebuilds for <paramref name="line"/>, or null when it hands the row to the tree.</summary>
    internal static byte[]? InPlacePayload(string line, RecoveryConfig config)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        using var document = JsonDocument.Parse(bytes.AsMemory());
        var row = BadRow.From(document.RootElement);
        while (row.Type == "recovery_error")
            row = row.Unwrap();
        using var edits = new LineEdits(bytes, row.Data);
        try
        {
            var flows = InPlaceRecovery.SelectFlows(config, row, edits);
            return flows.Count == 0 ? null : CollectorPayloadThrift.Encode(InPlaceRecovery.Rebuild(row, flows, edits));
        }
        catch (Exception e) when (e is NotInPlace or RowFailure or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    [Fact]
    public void Random_rows_and_repairs_give_the_same_outcome_in_place_as_on_a_tree()
    {
        const int Cases = 3000;
        int inPlace = 0,
            recovered = 0,
            unchanged = 0,
            unchangedInPlace = 0,
            strictFailed = 0;
        for (var seed = 0; seed < Cases; seed++)
        {
            var random = new Random(seed);
            var (line, type, list) = RowsAndRepairs.Row(random);
            var configText = RowsAndRepairs.Config(random, type, list);
            var config = Configs.Load(configText);
            var context = $"seed {seed}\nline: {line}\nconfig: {configText}";
            var tree = new Recoverer(config, TreeOnly).Recover(line);
            AssertSame(tree, new Recoverer(config, InPlaceOn).Recover(line), context);
            // Strict steps: a step that changed nothing fails the row, the same way on both engines.
            var strict = new Recoverer(config, TreeOnly with { StrictSteps = true }).Recover(line);
            AssertSame(strict, new Recoverer(config, InPlaceOn with { StrictSteps = true }).Recover(line), "strict steps, " + context);
            var payload = InPlacePayload(line, config);
            if (tree.Kind == OutcomeKind.Recovered)
                recovered++;
            if (payload is not null)
                inPlace++;
            if (tree.Kind == OutcomeKind.Recovered && tree.UnchangedSteps is not null)
            {
                unchanged++;
                if (payload is not null)
                    unchangedInPlace++;
                Assert.True(
                    strict.Kind == OutcomeKind.Failed && strict.Reason!.Contains("changed nothing", StringComparison.Ordinal),
                    context
                );
                strictFailed++;
            }
            else if (tree.Kind == OutcomeKind.Recovered)
            {
                Assert.Equal(tree.Payload, strict.Payload);
            }
        }
        // The comparison means something only if many rows are recovered, and most of those in place.
        Assert.True(recovered > Cases / 4, $"only {recovered} of {Cases} rows were recovered");
        Assert.True(inPlace > recovered * 6 / 10, $"only {inPlace} of the {recovered} recovered rows were recovered in place");
        // ... and, for the steps that change nothing, if many recovered rows have one, a good part of them in place.
        Assert.True(unchanged > recovered / 5, $"only {unchanged} of the {recovered} recovered rows had a step that changed nothing");
        Assert.True(
            unchangedInPlace > unchanged / 3,
            $"only {unchangedInPlace} of the {unchanged} rows with a step that changed nothing were recovered in place"
        );
        Assert.Equal(unchanged, strictFailed);
    }

    public static TheoryData<string, string, string> OrdinaryRepairs =>
        new()
        {
            {
                "a tracker parameter",
                BadRowLines.AdapterFailures(
                    BadRowLines.CollectorPayload(p =>
                        p["querystring"] = BadRowLines.Parameters(("e", "pv"), ("aid", "acme-legacy"), ("tna", "t-legacy"))
                    )
                ),
                """[{"op":"Replace","path":"$.querystring[?(@.name=~aid)].value","value":"acme"},{"op":"Remove","path":"$.querystring.tna","match":"-legacy$"}]"""
            },
            {
                "the body of a webhook",
                BadRowLines.AdapterFailures(BadRowLines.CollectorPayload(p => p["body"] = """{"type":"Track"}""")),
                """[{"op":"Replace","path":"$.body","match":"Track","value":"track"}]"""
            },
            {
                "a field inside ue_pr",
                BadRowLines.SchemaViolations(
                    BadRowLines.EnrichmentPayload(
                        BadRowLines.RawEvent(r =>
                            r["parameters"] = BadRowLines.Parameters(
                                ("e", "ue"),
                                (
                                    "ue_pr",
                                    """{"schema":"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0","data":{"schema":"iglu:com.acme/c/jsonschema/1-0-0","data":{}}}"""
                                )
                            )
                        )
                    )
                ),
                """[{"op":"Replace","path":"$.raw.parameters.ue_pr.data.schema","match":"1-0-0$","value":"1-0-1"}]"""
            },
            {
                "a context inside base64 cx, two steps",
                BadRowLines.TrackerProtocolViolations(
                    BadRowLines.CollectorPayload(p =>
                        p["querystring"] = BadRowLines.Parameters(
                            ("e", "pv"),
                            (
                                "cx",
                                Convert.ToBase64String(
                                    Encoding.UTF8.GetBytes(
                                        """{"schema":"s","data":[{"schema":"iglu:com.acme/customer/jsonschema/1-0-0","data":{"age":"37"}}]}"""
                                    )
                                )
                            )
                        )
                    )
                ),
                """[{"op":"Cast","path":"$.querystring.cx.data[0].data.age","from":"String","to":"Numeric"},{"op":"Add","path":"$.querystring.cx.data[0].data","value":{"r":1}}]"""
            },
            {
                "fields carried as the line's UTF-8 beside fields with escapes, which become text",
                BadRowLines.AdapterFailures(
                    BadRowLines.CollectorPayload(p =>
                    {
                        p["headers"] = new JsonArray("Accept: */*", "X-Name: Zoë \"Z\"", "Cookie: é=1; ü", "");
                        p["useragent"] = "Agent/1.0 (\u00e9\t)";
                        p["body"] = "{\"k\":\"ü\"}";
                        p["hostname"] = "";
                    })
                ),
                """[{"op":"Replace","path":"$.querystring[?(@.name=~e)].value","value":"pp"}]"""
            },
            {
                "a raw parameter of an enrichment failure",
                BadRowLines.EnrichmentFailures(
                    BadRowLines.EnrichmentPayload(
                        BadRowLines.RawEvent(r => r["parameters"] = BadRowLines.Parameters(("e", "pv"), ("url", "http://shop.example/")))
                    )
                ),
                """[{"op":"Replace","path":"$.raw.parameters.url","match":"^http://","value":"https://"}]"""
            },
        };

    [Theory]
    [MemberData(nameof(OrdinaryRepairs))]
    public void Ordinary_repairs_are_done_in_place_and_match_the_tree(string what, string line, string steps)
    {
        var type = JsonDocument.Parse(line).RootElement.GetProperty("schema").GetString()!.Split('/')[1];
        var config = Configs.Load(Configs.Text(Configs.Key(type), Configs.Flow("fix", steps)));
        var payload = InPlacePayload(line, config);
        Assert.True(payload is not null, $"{what}: not recovered in place");
        var tree = new Recoverer(config, TreeOnly).Recover(line);
        Assert.Equal(OutcomeKind.Recovered, tree.Kind);
        Assert.Equal(tree.Payload, payload);
    }

    [Theory]
    [InlineData("""[{"op":"Replace","path":"$.headers","value":["only"]}]""", "a step that replaces an array")]
    [InlineData("""[{"op":"Cast","path":"$.querystring.e","from":"String","to":"Array"}]""", "a step whose result is not a string")]
    [InlineData("""[{"op":"Add","path":"$.querystring","value":[{"name":"x","value":"1"}]}]""", "a step that adds a parameter")]
    public void Repairs_beyond_strings_are_left_to_the_tree(string steps, string what)
    {
        var line = BadRowLines.AdapterFailures();
        var config = Configs.Load(Configs.Text(Configs.Key("adapter_failures"), Configs.Flow("fix", steps)));
        Assert.True(InPlacePayload(line, config) is null, $"{what} was done in place");
        AssertSame(new Recoverer(config, TreeOnly).Recover(line), new Recoverer(config, InPlaceOn).Recover(line), what);
    }

    [Fact]
    public void A_duplicate_key_on_the_way_is_left_to_the_tree_which_fails_the_row()
    {
        var line = BadRowLines.AdapterFailures().Replace("\"collector\":", "\"vendor\":\"x\",\"collector\":");
        var config = Configs.Load(Configs.Text(Configs.Key("adapter_failures"), Configs.Flow("fix")));
        Assert.Null(InPlacePayload(line, config));
        var outcome = new Recoverer(config, InPlaceOn).Recover(line);
        Assert.Equal(OutcomeKind.Failed, outcome.Kind);
        AssertSame(new Recoverer(config, TreeOnly).Recover(line), outcome, "duplicate vendor");
    }

    [Theory]
    [InlineData(
        """[{"op":"Remove","path":"$.body"},{"op":"Replace","path":"$.body[0]","value":"x"}]""",
        "flow fix: path $.body[0]: $.body is string, not an array"
    )]
    [InlineData(
        """[{"op":"Replace","path":"$.querystring[5].value","value":"x"}]""",
        "flow fix: path $.querystring[5].value: $.querystring[5] does not exist (the array has 2 elements)"
    )]
    [InlineData(
        """[{"op":"Cast","path":"$.querystring.e","from":"String","to":"Numeric"}]""",
        "flow fix: Cast at $.querystring.e failed to cast \"pv\" from String to Numeric"
    )]
    public void A_step_that_fails_fails_in_place_with_the_words_of_the_tree(string steps, string reason)
    {
        // The body is null: the first step makes it a string in place, and the second must see a string.
        var line = BadRowLines.AdapterFailures();
        var config = Configs.Load(Configs.Text(Configs.Key("adapter_failures"), Configs.Flow("fix", steps)));
        var inPlace = new Recoverer(config, InPlaceOn).Recover(line);
        Assert.Equal(reason, inPlace.Reason);
        AssertSame(new Recoverer(config, TreeOnly).Recover(line), inPlace, steps);
    }

    // Found by review: a pair {"name": …, "q\ud800": …} reads as a plain pair, but a tree that opens it reads every key,
    // and that one cannot become a string: the line is then not a readable bad row. In place must not read past it.

    private const string OddPair = "{\"name\":\"aid\",\"q\\ud800\":\"x\"}";

    [Theory]
    [InlineData("""{"op":"Test","path":"$.payload.querystring.aid","value":{"regex":"null"}}""")]
    [InlineData("""{"op":"Test","path":"$.payload.querystring.aid","value":{"regex":"zzz"}}""")]
    public void A_condition_reading_a_pair_with_an_unreadable_key_fails_the_line_as_on_a_tree(string condition)
    {
        var line = BadRowLines
            .AdapterFailures(BadRowLines.CollectorPayload(p => p["querystring"] = BadRowLines.Parameters(("e", "pv"), ("PAIR", null))))
            .Replace("""{"name":"PAIR","value":null}""", OddPair);
        var config = Configs.Load(Configs.Text(Configs.Key("adapter_failures"), Configs.Flow("f", "[]", "[" + condition + "]")));
        var outcome = new Recoverer(config, InPlaceOn).Recover(line);
        Assert.Equal(RecoveryOutcome.InvalidType, outcome.BadRowType);
        Assert.Contains("not valid Unicode", outcome.Reason);
        AssertSame(new Recoverer(config, TreeOnly).Recover(line), outcome, condition);
    }

    [Theory]
    [InlineData("com.sendgrid")]
    [InlineData("com.snowplowanalytics.iglu")]
    public void A_webhook_rebuild_over_a_pair_with_an_unreadable_key_fails_the_line_as_on_a_tree(string vendor)
    {
        const string uePr = """{"schema":"s","data":{"schema":"iglu:com.acme/click/jsonschema/1-0-0","data":{"id":"b1"}}}""";
        var line = BadRowLines
            .SchemaViolations(
                BadRowLines.EnrichmentPayload(
                    BadRowLines.RawEvent(r =>
                    {
                        r["vendor"] = vendor;
                        r["parameters"] = BadRowLines.Parameters(("PAIR", null), ("ue_pr", uePr));
                    })
                )
            )
            .Replace("""{"name":"PAIR","value":null}""", OddPair);
        var config = Configs.Load(Configs.Text(Configs.Key("schema_violations"), Configs.Flow("f")));
        var outcome = new Recoverer(config, InPlaceOn).Recover(line);
        Assert.Equal(RecoveryOutcome.InvalidType, outcome.BadRowType);
        AssertSame(new Recoverer(config, TreeOnly).Recover(line), outcome, vendor);
    }

    // Steps inside an encoded layer change the layer's parsed document and write it back compact, without a tree.
    // (A lone surrogate a step leaves in a layer: Recovery/SharedWorkTests, which run in place.)

    internal static string UePrRow(string uePr) =>
        BadRowLines.SchemaViolations(
            BadRowLines.EnrichmentPayload(
                BadRowLines.RawEvent(r =>
                    r["parameters"] = BadRowLines.Parameters(
                        ("e", "ue"),
                        ("ue_pr", uePr),
                        ("cx", Convert.ToBase64String(Encoding.UTF8.GetBytes(uePr)))
                    )
                )
            )
        );

    public static TheoryData<string, string, string> LayerRepairs =>
        new()
        {
            {
                "spaces, escapes, numbers and arrays around the change are written as a tree writes them",
                """{ "schema" : "s", "data" : { "schema" : "iglu:com.acme/c/jsonschema/1-0-0", "data" : { "q" : "say \"hi\"\u00e9\/", "n" : 1.50E+3, "l" : [ 1 , [ ] , { } , null , true ] } } }""",
                """[{"op":"Replace","path":"$.raw.parameters.ue_pr.data.schema","match":"1-0-0$","value":"1-0-1"}]"""
            },
            {
                "a cast to a number, and an object merged into",
                """{"schema":"s","data":{"schema":"iglu:com.acme/c/jsonschema/1-0-0","data":{"age":"37","k":{"a":1}}}}""",
                """[{"op":"Cast","path":"$.raw.parameters.ue_pr.data.data.age","from":"String","to":"Numeric"},{"op":"Add","path":"$.raw.parameters.ue_pr.data.data.k","value":{"b":[2]}}]"""
            },
            {
                "two elements a filter selects, in base64 cx",
                """{"schema":"s","data":[{"schema":"iglu:com.acme/customer/jsonschema/1-0-0","data":{"age":"1"}},{"schema":"x","data":{}},{"schema":"iglu:com.acme/customer/jsonschema/1-0-0","data":{"age":"2"}}]}""",
                """[{"op":"Cast","path":"$.raw.parameters.cx.data[?(@.schema=~customer)].data.age","from":"String","to":"Numeric"}]"""
            },
            {
                "three steps through the same layer, each reading what the one before wrote",
                """{"schema":"s","data":[{"schema":"iglu:com.acme/customer/jsonschema/1-0-0","data":{"age":"1","t":"é😀"}}]}""",
                """[{"op":"Replace","path":"$.raw.parameters.cx.data[0].data.t","match":"é","value":"e\n\""},{"op":"Cast","path":"$.raw.parameters.cx.data[0].data.age","from":"String","to":"Numeric"},{"op":"Remove","path":"$.raw.parameters.cx.data[0].data.t","match":"e"}]"""
            },
            {
                "the whole layer replaced by a step",
                """{"schema":"s","data":{}}""",
                """[{"op":"Replace","path":"$.raw.parameters.ue_pr.data","value":{"schema":"iglu:com.acme/d/jsonschema/1-0-0","data":{"x":"ü"}}}]"""
            },
        };

    [Theory]
    [MemberData(nameof(LayerRepairs))]
    public void Repairs_inside_a_layer_are_done_in_place_and_match_the_tree(string what, string layer, string steps)
    {
        var line = UePrRow(layer);
        var config = Configs.Load(Configs.Text(Configs.Key("schema_violations"), Configs.Flow("fix", steps)));
        var payload = InPlacePayload(line, config);
        Assert.True(payload is not null, $"{what}: not recovered in place");
        var tree = new Recoverer(config, TreeOnly).Recover(line);
        Assert.Equal(OutcomeKind.Recovered, tree.Kind);
        Assert.Equal(Describe(tree.Payload), Describe(payload));
        Assert.Equal(tree.Payload, payload);
    }

    [Theory]
    [InlineData("""{"schema":"s","data":{"sch\u0065ma":"iglu:com.acme/c/jsonschema/1-0-0"}}""", "an escaped key on the way")]
    [InlineData(
        """{"schema":"s","data":{"schema":"iglu:com.acme/c/jsonschema/1-0-0","t":"\ud800"}}""",
        "an escaped lone surrogate beside the change"
    )]
    [InlineData("""{"schema":"s","data":{"other":1}}""", "a path that does not exist in the layer")]
    [InlineData("""{"schema":"s","data":{"schema":"iglu:com.acme/c/jsonschema/1-0-0","cx":"e30="}}""", "a layer's field named as a layer")]
    public void What_a_tree_must_decide_inside_a_layer_is_left_to_it(string layer, string what)
    {
        var line = UePrRow(layer);
        var config = Configs.Load(
            Configs.Text(
                Configs.Key("schema_violations"),
                Configs.Flow(
                    "fix",
                    """[{"op":"Replace","path":"$.raw.parameters.ue_pr.data.schema","match":"1-0-0$","value":"1-0-1"},{"op":"Replace","path":"$.raw.parameters.ue_pr.data.cx.a","value":"1"}]"""
                )
            )
        );
        Assert.True(InPlacePayload(line, config) is null, $"{what}: recovered in place");
        AssertSame(new Recoverer(config, TreeOnly).Recover(line), new Recoverer(config, InPlaceOn).Recover(line), what);
    }

    // Raw headers and content type are checked but not carried by an enrichment payload: in place checks them
    // without making strings, and must refuse what the tree refuses.

    [Theory]
    [InlineData("headers", "[\"Cookie: a\",null]")]
    [InlineData("headers", "\"Cookie: a\"")]
    [InlineData("headers", "[\"x\\ud800\"]")]
    [InlineData("headers", "[\"x\\u00e9\",\"y\"]")]
    [InlineData("headers", "[1]")]
    [InlineData("contentType", "5")]
    [InlineData("contentType", "\"a\\udc00\"")]
    [InlineData("contentType", "null")]
    public void Fields_checked_but_not_carried_end_as_on_a_tree(string field, string json)
    {
        var line = BadRowLines
            .SchemaViolations(BadRowLines.EnrichmentPayload(BadRowLines.RawEvent(r => r[field] = "PLACEHOLDER")))
            .Replace("\"PLACEHOLDER\"", json);
        var config = Configs.Load(
            Configs.Text(
                Configs.Key("schema_violations"),
                Configs.Flow("fix", """[{"op":"Replace","path":"$.raw.parameters.aid","value":"app-2"}]""")
            )
        );
        AssertSame(new Recoverer(config, TreeOnly).Recover(line), new Recoverer(config, InPlaceOn).Recover(line), $"{field}: {json}");
    }

    // Found by review of the in-place layer steps.

    [Fact]
    public void A_path_name_with_a_lone_surrogate_matches_no_key_in_place_as_on_a_tree()
    {
        // Only a configuration built in code can hold one (the loader refuses it). Its UTF-8 would be U+FFFD's.
        var timeout = TimeSpan.FromSeconds(1);
        var config = new RecoveryConfig([
            new RecoveryFlow(
                SchemaKey.TryParse("iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/*-*-*")!,
                "f",
                [
                    new Condition(
                        JsonPath.TryParse("$.payload.x\ud800", timeout, out _)!,
                        new RegexMatcher(JavaRegex.TryCreate(".", timeout, out _)!)
                    ),
                ],
                []
            ),
        ]);
        var line = BadRowLines.AdapterFailures(BadRowLines.CollectorPayload(p => p["x\ufffd"] = "hit"));
        var inPlace = new Recoverer(config, InPlaceOn).Recover(line);
        Assert.Equal(OutcomeKind.Failed, inPlace.Kind);
        AssertSame(new Recoverer(config, TreeOnly).Recover(line), inPlace, "lone surrogate in a path");
    }

    /// <summary>A regex matcher that counts how often it tests a value.</summary>
    private sealed class CountingMatcher(JavaRegex regex) : Matcher
    {
        private readonly RegexMatcher _inner = new(regex);
        public int Tests;

        public override bool Matches(JsonNode? value)
        {
            Interlocked.Increment(ref Tests);
            return _inner.Matches(value);
        }

        internal override bool? TryMatch(JsonElement value)
        {
            Interlocked.Increment(ref Tests);
            return _inner.TryMatch(value);
        }

        public override string ToString() => _inner.ToString();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_row_no_flow_applies_to_is_worded_from_its_one_selection_without_testing_a_condition_again(bool inPlace)
    {
        // Most rows of a real run fail this way: naming the condition that did not hold must not cost a second walk.
        var matcher = new CountingMatcher(JavaRegex.TryCreate("^acme", TimeSpan.FromSeconds(10), out _)!);
        var config = new RecoveryConfig([
            new RecoveryFlow(
                SchemaKey.TryParse("iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/*-*-*")!,
                "only",
                [new Condition(JsonPath.TryParse("$.payload.querystring.page", TimeSpan.FromSeconds(10), out _)!, matcher)],
                []
            ),
        ]);
        var line = BadRowLines.AdapterFailures(
            BadRowLines.CollectorPayload(p => p["querystring"] = BadRowLines.Parameters(("e", "pv"), ("page", "home")))
        );

        var outcome = new Recoverer(config, inPlace ? InPlaceOn : TreeOnly).Recover(line);
        Assert.Equal(OutcomeKind.Failed, outcome.Kind);
        Assert.EndsWith(
            "failed; flow only: conditions[0] (Test $.payload.querystring.page regex /^acme/) did not hold: found \"home\"",
            outcome.Reason
        );
        Assert.Equal(1, matcher.Tests);
    }

    [Fact]
    public void A_step_that_fails_in_place_is_a_value_with_the_flow_and_the_trees_words()
    {
        var line = BadRowLines.AdapterFailures();
        var config = Configs.Load(
            Configs.Text(
                Configs.Key("adapter_failures"),
                Configs.Flow("fix", """[{"op":"Cast","path":"$.querystring.e","from":"String","to":"Numeric"}]""")
            )
        );
        var bytes = Encoding.UTF8.GetBytes(line);
        using var document = JsonDocument.Parse(bytes.AsMemory());
        var row = BadRow.From(document.RootElement);
        using var edits = new LineEdits(bytes, row.Data);
        List<UnchangedStep>? unchanged = null;

        var payload = InPlaceRecovery.Rebuild(
            row,
            InPlaceRecovery.SelectFlows(config, row, edits),
            edits,
            strict: false,
            ref unchanged,
            out var failure
        );

        Assert.Null(payload);
        Assert.Equal("fix", failure!.Value.Flow.Name);
        Assert.Equal("flow fix: " + failure.Value.Reason, new Recoverer(config, TreeOnly).Recover(line).Reason);
    }

    [Fact]
    public void A_condition_regex_that_times_out_fails_the_row_in_place_without_running_again_on_a_tree()
    {
        // A catastrophic pattern on a long run of 'a's: it times out on any machine, however loaded.
        var timeout = TimeSpan.FromMilliseconds(20);
        var matcher = new CountingMatcher(JavaRegex.TryCreate("(a+)+$", timeout, out _)!);
        var config = new RecoveryConfig([
            new RecoveryFlow(
                SchemaKey.TryParse("iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/*-*-*")!,
                "slow",
                [new Condition(JsonPath.TryParse("$.payload.querystring.page", timeout, out _)!, matcher)],
                []
            ),
        ]);
        var line = BadRowLines.AdapterFailures(
            BadRowLines.CollectorPayload(p =>
                p["querystring"] = BadRowLines.Parameters(("e", "pv"), ("page", new string('a', 30_000) + "b"))
            )
        );

        var inPlace = new Recoverer(config, InPlaceOn).Recover(line);
        Assert.Equal(1, matcher.Tests);
        Assert.Equal("evaluating conditions: regex /(a+)+$/ exceeded its time limit of 20 ms", inPlace.Reason);
        Assert.Equal(OutcomeKind.Failed, inPlace.Kind);
        AssertSame(new Recoverer(config, TreeOnly).Recover(line), inPlace, "regex timeout");
    }

    [Fact]
    public void A_duplicate_key_is_named_with_its_place_in_place_as_on_a_tree()
    {
        // The pair of "e" holds "value" twice: the step reads it; the tree refuses the object there.
        var line = BadRowLines
            .AdapterFailures(BadRowLines.CollectorPayload(p => p["querystring"] = BadRowLines.Parameters(("aid", "x"), ("e", "pv"))))
            .Replace("""{"name":"e","value":"pv"}""", """{"name":"e","value":"pv","value":"se"}""");
        var config = Configs.Load(
            Configs.Text(
                Configs.Key("adapter_failures"),
                Configs.Flow("fix", """[{"op":"Replace","path":"$.querystring.e","value":"pp"}]""")
            )
        );
        var inPlace = new Recoverer(config, InPlaceOn).Recover(line);
        Assert.Equal("flow fix: the bad row has the key \"value\" twice at $.payload.querystring[1].value", inPlace.Reason);
        AssertSame(new Recoverer(config, TreeOnly).Recover(line), inPlace, "duplicate value");
    }

    [Theory]
    [InlineData("99999999999999999999999")]
    [InlineData("0.10000000000000000001")]
    public void A_cast_to_a_number_no_double_holds_keeps_its_digits_in_place_as_on_a_tree(string digits)
    {
        var line = UePrRow(
            """{"schema":"s","data":{"schema":"iglu:com.acme/c/jsonschema/1-0-0","data":{"n":"DIGITS"}}}""".Replace("DIGITS", digits)
        );
        var config = Configs.Load(
            Configs.Text(
                Configs.Key("schema_violations"),
                Configs.Flow("fix", """[{"op":"Cast","path":"$.raw.parameters.ue_pr.data.data.n","from":"String","to":"Numeric"}]""")
            )
        );
        var payload = InPlacePayload(line, config);
        Assert.NotNull(payload);
        var tree = new Recoverer(config, TreeOnly).Recover(line);
        Assert.Equal(tree.Payload, payload);
        Assert.Contains($"%22n%22%3A{digits}%7D", CollectorPayloadThrift.Decode(payload!).Querystring);
    }

    [Fact]
    public void A_filter_changing_many_elements_of_a_layer_writes_each_change()
    {
        // Each element a filter selects is changed; the layer is written once with all of them.
        var items = string.Join(",", Enumerable.Range(0, 500).Select(i => $$"""{"a":"x{{i}}","b":{{i}}}"""));
        var line = UePrRow($$"""{"schema":"s","data":[{{items}}]}""");
        var config = Configs.Load(
            Configs.Text(
                Configs.Key("schema_violations"),
                Configs.Flow("fix", """[{"op":"Replace","path":"$.raw.parameters.ue_pr.data[?(@.a=~x)].a","match":"x","value":"y"}]""")
            )
        );
        var payload = InPlacePayload(line, config);
        Assert.NotNull(payload);
        var tree = new Recoverer(config, TreeOnly).Recover(line);
        Assert.Equal(tree.Payload, payload);
        Assert.Contains("%22a%22%3A%22y499%22", CollectorPayloadThrift.Decode(payload!).Querystring);
    }

    [Fact]
    public void A_payload_read_as_UTF8_gives_the_same_fields_however_often_and_from_however_many_threads()
    {
        var line = Encoding.UTF8.GetBytes(BadRowLines.AdapterFailures());
        using var document = JsonDocument.Parse(line.AsMemory());
        var row = BadRow.From(document.RootElement);
        using var edits = new LineEdits(line, row.Data);
        row.Data.TryGetProperty("payload", out var payloadElement);
        var payload = CollectorPayloadJson.ToThrift(new LinePayloadReader(payloadElement, edits));
        Assert.True(payload.UserAgentText.IsUtf8 && payload.HeaderTexts is not null);
        var expected = (payload.UserAgent, payload.Querystring, string.Join("|", payload.Headers!));
        var seen = new System.Collections.Concurrent.ConcurrentBag<(string?, string?, string)>();
        Parallel.For(0, 1000, _ => seen.Add((payload.UserAgent, payload.Querystring, string.Join("|", payload.Headers!))));
        Assert.All(seen, s => Assert.Equal(expected, s));
        // Reading the text leaves the UTF-8 the encoder uses.
        Assert.True(payload.UserAgentText.IsUtf8 && payload.HeaderTexts is not null);
    }
}
