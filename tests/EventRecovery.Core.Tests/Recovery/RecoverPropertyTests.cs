using System.Text;
using System.Text.Json.Nodes;
using EventRecovery.Core.Json;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Tests.Fixtures;
using EventRecovery.Core.Thrift;
using FsCheck;
using FsCheck.Fluent;

namespace EventRecovery.Core.Tests.Recovery;

/// <summary>Whatever the line, Recover returns exactly one outcome and never throws.</summary>
public class RecoverPropertyTests
{
    private const string Steps = """
        [
          {"op": "Replace", "path": "$.querystring.e", "match": "(p)(v)?", "value": "$1x"},
          {"op": "Cast", "path": "$.querystring[?(@.name=~n)].value", "from": "String", "to": "Numeric"},
          {"op": "Add", "path": "$.raw.parameters.cx.data", "value": [{"schema": "iglu:com.acme/c/jsonschema/1-0-0", "data": {}}]},
          {"op": "Remove", "path": "$.raw.parameters.[?(@.name=~ue_pr)].value.data.data.secret"}
        ]
        """;

    private static readonly string[] Types =
    [
        "adapter_failures",
        "tracker_protocol_violations",
        "schema_violations",
        "enrichment_failures",
        "collector_payload_format_violation",
        "recovery_error",
        "size_violation",
    ];

    private const string Conditions = """
        [
          {"op": "Test", "path": "$.processor.artifact", "value": {"regex": "."}},
          {"op": "Test", "path": "$.payload.querystring[?(@.name=~e)].value", "value": {"size": {"gt": 0}}},
          {"op": "Test", "path": "$.payload.raw.parameters.ue_pr.data.schema", "value": {"value": "iglu:com.acme/x/jsonschema/1-0-0"}}
        ]
        """;

    /// <summary>Flows with steps and conditions for every type (the trace is checked against recovery with it too).</summary>
    internal static readonly string LenientText = Configs.Text(
        Types
            .Select(t =>
                (Configs.Key(t), new[] { Configs.Flow("any"), Configs.Flow("steps", Steps), Configs.Flow("tested", Steps, Conditions) })
            )
            .ToArray()
    );

    private static readonly Recoverer Lenient = Configs.Recoverer(LenientText);

    // Flows without steps: most mutated rows still recover, so the coercion paths are exercised too.
    private static readonly Recoverer PassThrough = Configs.Recoverer(
        Configs.Text(Types.Select(t => (Configs.Key(t), new[] { Configs.Flow("any") })).ToArray())
    );

    // A depth limit above System.Text.Json's default of 64, so deep payloads get past the line parser.
    private static readonly Recoverer Deep = Configs.Recoverer(
        Configs.Text(Types.Select(t => (Configs.Key(t), new[] { Configs.Flow("any") })).ToArray()),
        new RecoveryOptions { MaxJsonDepth = 256 }
    );

    private static bool ExactlyOneOutcome(RecoveryOutcome outcome)
    {
        if (outcome.Kind == OutcomeKind.Recovered)
        {
            if (outcome.Payload is null || outcome.BadRowJson is not null)
                return false;
            CollectorPayloadThrift.Decode(outcome.Payload);
            return true;
        }
        if (outcome.Payload is not null || outcome.BadRowJson is null || string.IsNullOrEmpty(outcome.Reason))
            return false;
        // The output wraps the row: deeper than it.
        var parsed = JsonNode.Parse(outcome.BadRowJson, documentOptions: new() { MaxDepth = 512 });
        new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(outcome.BadRowJson); // writable as UTF-8
        return parsed is JsonObject;
    }

    [Fact]
    public void Any_text_gives_exactly_one_outcome() =>
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), s => ExactlyOneOutcome(Lenient.Recover(s ?? ""))).QuickCheckThrowOnFailure();

    [Fact]
    public void Any_bytes_give_exactly_one_outcome() =>
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), b => ExactlyOneOutcome(Lenient.Recover(b ?? []))).QuickCheckThrowOnFailure();

    internal static readonly string[] BaseLines =
    [
        BadRowLines.AdapterFailures(BadRowLines.CollectorPayload(p => p["querystring"] = BadRowLines.Parameters(("e", "pv"), ("n", "12")))),
        BadRowLines.TrackerProtocolViolations(),
        BadRowLines.SchemaViolations(
            BadRowLines.EnrichmentPayload(
                BadRowLines.RawEvent(r =>
                    r["parameters"] = BadRowLines.Parameters(
                        ("e", "ue"),
                        ("cx", Convert.ToBase64String("""{"data":[]}"""u8.ToArray())),
                        ("ue_pr", """{"data":{"schema":"iglu:com.acme/x/jsonschema/1-0-0","data":{"secret":"s"}}}""")
                    )
                )
            ),
            version: "2-0-1"
        ),
        BadRowLines.EnrichmentFailures(
            BadRowLines.EnrichmentPayload(
                BadRowLines.RawEvent(r =>
                {
                    r["vendor"] = "com.sendgrid";
                    r["parameters"] = BadRowLines.Parameters(
                        ("ue_pr", """{"data":{"schema":"iglu:com.sendgrid/open/jsonschema/1-0-0","data":{"n":1}}}""")
                    );
                })
            )
        ),
        BadRowLines.CollectorPayloadFormatViolation(
            Convert.ToBase64String(CollectorPayloadThrift.Encode(new() { Querystring = "e=pv&n=1", Path = "/i" })),
            "bad query"
        ),
        BadRowLines.RecoveryError(BadRowLines.AdapterFailures(), 3),
        BadRowLines.SizeViolation(),
    ];

    private static readonly Gen<string> Text = Gen.Frequency(
        (3, ArbMap.Default.GeneratorFor<string>().Select(s => s ?? "")),
        (
            2,
            Gen.Elements(
                "",
                "pv",
                "12",
                "not-a-uuid",
                BadRowLines.NetworkUserId,
                "2020-01-01T00:00:00Z",
                "%%",
                "a b~é😀",
                "{\"data\":1}",
                "eyJhIjoxfQ",
                "iglu:com.acme/x/jsonschema/1-0-0",
                BadRowLines.Schema("adapter_failures", "1-0-0"),
                BadRowLines.Schema("recovery_error", "1-0-0"),
                "error deserializing raw event: Unrecognized type 1"
            )
        )
    );

    private static readonly Gen<JsonNode?> Scalar = Gen.Frequency(
        (3, Text.Select(s => (JsonNode?)JsonValue.Create(s))),
        (2, Gen.Choose(-1000, 1000).Select(n => (JsonNode?)JsonValue.Create(n))),
        (1, Gen.Elements<JsonNode?>(null, JsonValue.Create(true), JsonValue.Create(false), JsonValue.Create(1.5e300)))
    );

    private static readonly Gen<JsonNode?> Nested = Gen.Choose(60, 120)
        .Select(d => JsonNode.Parse(new string('[', d) + new string(']', d), documentOptions: new() { MaxDepth = 256 }));

    private static Gen<JsonNode?> Json(int depth) =>
        depth == 0
            ? Scalar
            : Gen.Frequency(
                (6, Scalar),
                (1, Nested),
                (1, Gen.ListOf(Json(depth - 1)).Select(l => (JsonNode?)new JsonArray(l.Select(n => n?.DeepClone()).ToArray()))),
                (
                    1,
                    Gen.ListOf(Text.Zip(Json(depth - 1)))
                        .Select(l =>
                        {
                            var obj = new JsonObject();
                            foreach (var (k, v) in l)
                                obj[k] = v?.DeepClone();
                            return (JsonNode?)obj;
                        })
                )
            );

    /// <summary>Every place in a document a value can be replaced, as a setter.</summary>
    private static List<Action<JsonNode?>> Places(JsonNode? node)
    {
        var places = new List<Action<JsonNode?>>();
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    places.Add(v => obj[key] = v);
                    places.AddRange(Places(child));
                }
                break;
            case JsonArray arr:
                for (var i = 0; i < arr.Count; i++)
                {
                    var index = i;
                    places.Add(v => arr[index] = v);
                    places.AddRange(Places(arr[i]));
                }
                break;
        }
        return places;
    }

    internal static readonly Gen<string> MutatedBadRow =
        from line in Gen.Elements(BaseLines)
        from picks in Gen.ListOf(Gen.Choose(0, 10_000).Zip(Json(2)))
        select Mutate(line, picks.Take(3));

    private static string Mutate(string line, IEnumerable<(int Place, JsonNode? Value)> picks)
    {
        var root = JsonNode.Parse(line)!;
        foreach (var (place, value) in picks)
        {
            var places = Places(root);
            places[place % places.Count](value?.DeepClone());
        }
        return CompactJson.Serialize(root);
    }

    [Fact]
    public void Bad_rows_with_any_field_changed_to_any_value_give_exactly_one_outcome() =>
        Prop.ForAll(MutatedBadRow.ToArbitrary(), line =>
                ExactlyOneOutcome(Lenient.Recover(line))
                && ExactlyOneOutcome(PassThrough.Recover(line))
                && ExactlyOneOutcome(Deep.Recover(line))
            )
            .Check(Config.QuickThrowOnFailure.WithMaxTest(1000));

    private static readonly byte[][] Corruptions =
    [
        [0xFF],
        [0xC3],
        [0xED, 0xA0, 0x80],
        [0xF0, 0x9F],
        "\\ud800"u8.ToArray(),
        "\\udfff"u8.ToArray(),
        "\\uDBFFx"u8.ToArray(),
    ];

    /// <summary>Bytes inserted right after the n-th quote of the line: often inside a string, where a parser lets them through.</summary>
    private static byte[] Corrupt(string line, int quote, byte[] corruption)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var quotes = Enumerable.Range(0, bytes.Length).Where(i => bytes[i] == (byte)'"').ToArray();
        var at = quotes[quote % quotes.Length] + 1;
        return [.. bytes[..at], .. corruption, .. bytes[at..]];
    }

    internal static readonly Gen<byte[]> CorruptedBadRow =
        from line in Gen.Frequency((1, Gen.Elements(BaseLines)), (1, MutatedBadRow))
        from quote in Gen.Choose(0, 10_000)
        from corruption in Gen.Elements(Corruptions)
        select Corrupt(line, quote, corruption);

    /// <summary>A key written twice at the start of the n-th object of the line.</summary>
    private static string DuplicateKey(string line, int brace, string key)
    {
        var braces = Enumerable.Range(0, line.Length).Where(i => line[i] == '{').ToArray();
        var at = braces[brace % braces.Length] + 1;
        return line[..at] + $"\"{key}\":1,\"{key}\":[2]," + line[at..];
    }

    internal static readonly Gen<string> DuplicatedKeyBadRow =
        from line in Gen.Frequency((1, Gen.Elements(BaseLines)), (1, MutatedBadRow))
        from brace in Gen.Choose(0, 10_000)
        from key in Gen.Elements("payload", "querystring", "vendor", "name", "value", "data", "x")
        select DuplicateKey(line, brace, key);

    [Fact]
    public void Bad_rows_with_duplicate_keys_give_exactly_one_outcome() =>
        Prop.ForAll(DuplicatedKeyBadRow.ToArbitrary(), line =>
                ExactlyOneOutcome(Lenient.Recover(line))
                && ExactlyOneOutcome(PassThrough.Recover(line))
                && ExactlyOneOutcome(Deep.Recover(line))
            )
            .Check(Config.QuickThrowOnFailure.WithMaxTest(1000));

    [Fact]
    public void Bad_rows_with_invalid_UTF8_or_lone_surrogates_inside_give_exactly_one_outcome() =>
        Prop.ForAll(CorruptedBadRow.ToArbitrary(), bytes =>
                ExactlyOneOutcome(Lenient.Recover(bytes))
                && ExactlyOneOutcome(PassThrough.Recover(bytes))
                && ExactlyOneOutcome(Deep.Recover(bytes))
            )
            .Check(Config.QuickThrowOnFailure.WithMaxTest(1000));

    [Fact]
    public void Every_unmutated_base_line_recovers_or_is_unrecoverable_as_its_type_says()
    {
        foreach (var line in BaseLines)
        {
            var outcome = PassThrough.Recover(line);
            Assert.True(
                (line.Contains("size_violation") ? OutcomeKind.Unrecoverable : OutcomeKind.Recovered) == outcome.Kind,
                $"{outcome.Kind}: {outcome.Reason}"
            );
        }
    }
}
