using System.Text;
using System.Text.Json.Nodes;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Tests.Fixtures;

namespace EventRecovery.Core.Tests.Recovery;

/// <summary>Bad input fails the row with a reason; it never throws, hangs or loses bytes.</summary>
public class SafetyTests
{
    private static readonly RecoveryOptions ShortRegex = new() { RegexTimeout = TimeSpan.FromMilliseconds(50) };
    private static readonly string Evil = new string('a', 30_000) + "b";

    private static string LineWithPage(string page) =>
        BadRowLines.AdapterFailures(
            BadRowLines.CollectorPayload(p => p["querystring"] = BadRowLines.Parameters(("e", "pv"), ("page", page)))
        );

    private static void FailsQuicklyForTheTimeLimit(Recoverer recoverer, string line)
    {
        // The reason shows the limit cut the match short (it would run for hours): no stopwatch needed, and none that a
        // loaded machine could fail.
        var outcome = recoverer.Recover(line);
        Outcomes.NotRecovered(outcome);
        Assert.Contains("exceeded its time limit of 50 ms", outcome.Reason);
        OutputShape.AssertRecoveryError(outcome.BadRowJson!);
    }

    [Fact]
    public void A_catastrophic_match_regex_fails_the_row_on_its_time_limit() =>
        FailsQuicklyForTheTimeLimit(
            Configs.WithSteps(
                "adapter_failures",
                """[{"op": "Replace", "path": "$.querystring.page", "match": "(a+)+$", "value": "x"}]""",
                ShortRegex
            ),
            LineWithPage(Evil)
        );

    [Fact]
    public void A_catastrophic_condition_regex_fails_the_row_on_its_time_limit() =>
        FailsQuicklyForTheTimeLimit(
            Configs.Recoverer(
                Configs.Text(
                    Configs.Key("adapter_failures"),
                    Configs.Flow("slow", "[]", """[{"op": "Test", "path": "$.payload.querystring.page", "value": {"regex": "(a+)+$"}}]""")
                ),
                ShortRegex
            ),
            LineWithPage(Evil)
        );

    [Fact]
    public void A_catastrophic_filter_regex_fails_the_row_on_its_time_limit() =>
        FailsQuicklyForTheTimeLimit(
            Configs.WithSteps("adapter_failures", """[{"op": "Remove", "path": "$.querystring[?(@.value=~(a+)+$)].value"}]""", ShortRegex),
            LineWithPage(Evil)
        );

    [Fact]
    public void A_line_over_the_byte_limit_fails_without_being_parsed()
    {
        var recoverer = Configs.WithSteps("adapter_failures", "[]", new RecoveryOptions { MaxLineBytes = 1000 });
        var line = LineWithPage(new string('x', 2000));
        var outcome = recoverer.Recover(line);
        var data = OutputShape.AssertFormatViolation(Outcomes.NotRecovered(outcome).ToJsonString());
        Assert.Contains("longer than the limit of 1000 bytes", outcome.Reason);
        Assert.Equal(line, data["payload"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_line_cut_inside_a_character_is_reported_too_long_and_keeps_the_text_before_the_character(int bytesOfTheCharacterKept)
    {
        // The reader keeps the first --max-line-bytes of a longer line; the cut can fall inside "😀" (4 bytes).
        var line = Encoding.UTF8.GetBytes(LineWithPage("ab😀cd"));
        var at = line.AsSpan().IndexOf("😀"u8);
        var start = line.AsMemory(0, at + bytesOfTheCharacterKept);
        var outcome = Configs
            .WithSteps("adapter_failures", "[]", new RecoveryOptions { MaxLineBytes = start.Length })
            .TooLong(start, line.Length);

        var data = OutputShape.AssertFormatViolation(Outcomes.NotRecovered(outcome).ToJsonString());
        Assert.Equal(
            $"line is {line.Length} bytes, longer than the limit of {start.Length} bytes; the payload holds its first {at} bytes",
            outcome.Reason
        );
        Assert.Equal(Encoding.UTF8.GetString(line, 0, at), data["payload"]!.GetValue<string>());
    }

    [Fact]
    public void A_cut_line_that_is_not_UTF8_before_the_cut_is_reported_too_long_with_its_bytes_as_base64()
    {
        var line = Encoding.UTF8.GetBytes(LineWithPage("abXcd"));
        line[Array.IndexOf(line, (byte)'X')] = 0xFF;
        var start = line.AsMemory(0, line.Length - 10);
        var outcome = Configs
            .WithSteps("adapter_failures", "[]", new RecoveryOptions { MaxLineBytes = start.Length })
            .TooLong(start, line.Length);

        var data = OutputShape.AssertFormatViolation(Outcomes.NotRecovered(outcome).ToJsonString());
        Assert.StartsWith($"line is {line.Length} bytes, longer than the limit", outcome.Reason);
        Assert.EndsWith("as base64: they are not valid UTF-8", outcome.Reason);
        Assert.Equal(start.ToArray(), Convert.FromBase64String(data["payload"]!.GetValue<string>()));
    }

    [Fact]
    public void A_line_at_the_byte_limit_is_read()
    {
        var line = BadRowLines.AdapterFailures();
        var recoverer = Configs.WithSteps(
            "adapter_failures",
            "[]",
            new RecoveryOptions { MaxLineBytes = Encoding.UTF8.GetByteCount(line) }
        );
        Assert.Equal(OutcomeKind.Recovered, recoverer.Recover(line).Kind);
    }

    [Fact]
    public void A_recovered_payload_over_the_output_limit_fails_the_row()
    {
        var line = LineWithPage(new string('x', 500));
        Assert.Equal(
            OutcomeKind.Recovered,
            Configs.WithSteps("adapter_failures", "[]", new RecoveryOptions { MaxPayloadBytes = 2000 }).Recover(line).Kind
        );
        var outcome = Configs.WithSteps("adapter_failures", "[]", new RecoveryOptions { MaxPayloadBytes = 400 }).Recover(line);
        OutputShape.AssertRecoveryError(Outcomes.NotRecovered(outcome).ToJsonString());
        Assert.Contains("over the output's limit of 400 bytes", outcome.Reason);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_fails_the_row()
    {
        var recoverer = Configs.WithSteps("adapter_failures", "[]", new RecoveryOptions { MaxJsonDepth = 16 });
        var deep = new string('[', 40) + new string(']', 40);
        var outcome = recoverer.Recover(BadRowLines.AdapterFailures(edit: d => d["extra"] = JsonNode.Parse(deep)));
        var data = OutputShape.AssertFormatViolation(Outcomes.NotRecovered(outcome).ToJsonString());
        // Valid JSON, so not "not valid JSON"; the row keeps the parser's words.
        Assert.Equal("line is nested deeper than the limit of 16 levels", outcome.Reason);
        Assert.Contains("depth", data["failure"]!["message"]!["error"]!.GetValue<string>());
    }

    [Fact]
    public void A_raised_depth_limit_is_honoured_for_the_payload_too()
    {
        var recoverer = Configs.WithSteps("adapter_failures", "[]", new RecoveryOptions { MaxJsonDepth = 200 });
        var deep = new string('[', 100) + new string(']', 100);
        var outcome = recoverer.Recover(
            BadRowLines.AdapterFailures(
                BadRowLines.CollectorPayload(p => p["extra"] = JsonNode.Parse(deep, documentOptions: new() { MaxDepth = 200 }))
            )
        );
        Assert.Equal(OutcomeKind.Recovered, outcome.Kind);
    }

    [Fact]
    public void Invalid_UTF8_fails_the_row_and_keeps_every_byte_as_base64()
    {
        var bytes = Encoding.UTF8.GetBytes(LineWithPage("XX")).ToArray();
        var at = Array.IndexOf(bytes, (byte)'X');
        bytes[at] = 0xC3; // a lead byte followed by 'X': not UTF-8
        var outcome = Configs.WithSteps("adapter_failures", "[]").Recover(bytes);

        var data = OutputShape.AssertFormatViolation(Outcomes.NotRecovered(outcome).ToJsonString());
        Assert.Contains("not valid UTF-8", outcome.Reason);
        Assert.Equal(bytes, Convert.FromBase64String(data["payload"]!.GetValue<string>()));
    }

    [Fact]
    public void Invalid_UTF8_outside_any_JSON_fails_the_row_too()
    {
        byte[] bytes = [0xFF, 0xFE, (byte)'{', 0x80];
        var outcome = Configs.WithSteps("adapter_failures", "[]").Recover(bytes);
        var data = OutputShape.AssertFormatViolation(Outcomes.NotRecovered(outcome).ToJsonString());
        Assert.Equal(bytes, Convert.FromBase64String(data["payload"]!.GetValue<string>()));
    }

    [Fact]
    public void An_escaped_lone_surrogate_fails_the_row_instead_of_throwing()
    {
        var line = BadRowLines.AdapterFailures().Replace("\"TestAgent/1.0\"", "\"Test\\ud800Agent\"");
        var outcome = Configs
            .WithSteps("adapter_failures", """[{"op": "Replace", "path": "$.useragent", "match": "Test", "value": "X"}]""")
            .Recover(line);
        Assert.NotEqual(OutcomeKind.Recovered, outcome.Kind);
        Assert.NotNull(JsonNode.Parse(outcome.BadRowJson!));
    }

    private static string WithDuplicateKey(string after) => BadRowLines.AdapterFailures().Replace(after, after + "\"dup\":1,\"dup\":2,");

    private static readonly Recoverer ReadsProcessorAndQuerystring = Configs.Recoverer(
        Configs.Text(
            Configs.Key("adapter_failures"),
            Configs.Flow(
                "f",
                """[{"op": "Replace", "path": "$.querystring.e", "value": "se"}]""",
                """[{"op": "Test", "path": "$.processor.artifact", "value": {"regex": "enrich"}}]"""
            )
        )
    );

    [Theory]
    [InlineData("\"processor\":{", "evaluating conditions: ", "$.processor.dup")]
    [InlineData("\"payload\":{", "flow f: ", "$.payload.dup")]
    public void A_duplicate_key_where_the_recovery_reads_fails_the_row_in_plain_words(string after, string stage, string where)
    {
        var line = WithDuplicateKey(after);
        var outcome = ReadsProcessorAndQuerystring.Recover(line);
        Assert.Equal(OutcomeKind.Failed, outcome.Kind);
        Assert.Equal($"{stage}the bad row has the key \"dup\" twice at {where}", outcome.Reason);
        // The row is kept as it was, duplicates included.
        Assert.Contains(line, outcome.BadRowJson);
        using var parsed = System.Text.Json.JsonDocument.Parse(outcome.BadRowJson!);
    }

    [Fact]
    public void A_duplicate_key_nothing_reads_does_not_matter() =>
        Assert.Equal(OutcomeKind.Recovered, ReadsProcessorAndQuerystring.Recover(WithDuplicateKey("\"failure\":{")).Kind);

    [Fact]
    public void A_duplicate_key_inside_an_encoded_layer_fails_the_step_with_the_path()
    {
        var cx = Convert.ToBase64String("""{"data":[],"data":[1]}"""u8.ToArray());
        var line = BadRowLines.AdapterFailures(BadRowLines.CollectorPayload(p => p["querystring"] = BadRowLines.Parameters(("cx", cx))));
        var outcome = Configs
            .WithSteps("adapter_failures", """[{"op": "Add", "path": "$.querystring.cx.data", "value": [2]}]""")
            .Recover(line);
        Outcomes.NotRecovered(outcome);
        Assert.Contains("$.querystring.cx does not hold valid JSON (Duplicate property 'data'", outcome.Reason);
    }

    public static TheoryData<string, string> OddShapes =>
        new()
        {
            { "adapter_failures", BadRowLines.Line("adapter_failures", "1-0-0", new JsonObject { ["payload"] = 42 }) },
            { "adapter_failures", BadRowLines.Line("adapter_failures", "1-0-0", new JsonObject()) },
            { "adapter_failures", BadRowLines.AdapterFailures(BadRowLines.CollectorPayload(p => p["querystring"] = "e=pv")) },
            {
                "adapter_failures",
                BadRowLines.AdapterFailures(BadRowLines.CollectorPayload(p => p["querystring"] = JsonNode.Parse("[1, null, \"x\"]")))
            },
            { "adapter_failures", BadRowLines.AdapterFailures(BadRowLines.CollectorPayload(p => p["headers"] = JsonNode.Parse("[1]"))) },
            { "adapter_failures", BadRowLines.AdapterFailures(BadRowLines.CollectorPayload(p => p["timestamp"] = 1700000000)) },
            {
                "schema_violations",
                BadRowLines.SchemaViolations(BadRowLines.EnrichmentPayload(BadRowLines.RawEvent(r => r["parameters"] = "e=pv")))
            },
            {
                "schema_violations",
                BadRowLines.SchemaViolations(
                    BadRowLines.EnrichmentPayload(BadRowLines.RawEvent(r => r["parameters"] = JsonNode.Parse("""{"e":{"x":1}}""")))
                )
            },
            {
                "schema_violations",
                BadRowLines.Line(
                    "schema_violations",
                    "2-0-0",
                    new JsonObject { ["payload"] = new JsonObject { ["raw"] = new JsonArray() } }
                )
            },
            {
                "collector_payload_format_violation",
                BadRowLines.Line("collector_payload_format_violation", "1-0-0", new JsonObject { ["payload"] = new JsonObject() })
            },
            {
                "collector_payload_format_violation",
                BadRowLines.Line("collector_payload_format_violation", "1-0-0", new JsonObject { ["payload"] = "%%%", ["failure"] = "x" })
            },
            {
                "recovery_error",
                BadRowLines.Line("recovery_error", "1-0-0", new JsonObject { ["payload"] = "not a row", ["recoveries"] = "two" })
            },
            {
                "adapter_failures",
                BadRowLines.Line(
                    "adapter_failures",
                    "1-0-0",
                    new JsonObject { ["payload"] = BadRowLines.CollectorPayload(p => p["querystring"] = new JsonObject { ["cx"] = 1 }) }
                )
            },
        };

    [Theory]
    [MemberData(nameof(OddShapes))]
    public void Odd_types_fail_the_row_with_a_reason(string type, string line)
    {
        var recoverer = Configs.WithSteps(type, """[{"op": "Replace", "path": "$.querystring.cx.data", "value": 1}]""");
        var outcome = recoverer.Recover(line);
        Assert.NotEqual(OutcomeKind.Recovered, outcome.Kind);
        Assert.False(string.IsNullOrEmpty(outcome.Reason));
        Assert.NotNull(JsonNode.Parse(outcome.BadRowJson!));
    }

    [Fact]
    public void A_parameter_step_on_a_payload_without_the_list_fails_with_the_path()
    {
        var outcome = Configs
            .WithSteps("adapter_failures", """[{"op": "Remove", "path": "$.querystring.aid"}]""")
            .Recover(BadRowLines.AdapterFailures(BadRowLines.CollectorPayload(p => p.Remove("querystring"))));
        Outcomes.NotRecovered(outcome);
        Assert.Contains("$.querystring", outcome.Reason);
    }

    [Fact]
    public void Recovery_errors_nested_in_each_other_are_unwrapped_up_to_a_limit()
    {
        var line = BadRowLines.AdapterFailures();
        for (var i = 0; i < 3; i++)
            line = BadRowLines.RecoveryError(line, recoveries: i + 1);
        var recoverer = Configs.WithSteps("adapter_failures", "[]");
        Assert.Equal(OutcomeKind.Recovered, recoverer.Recover(line).Kind);

        for (var i = 0; i < 10; i++)
            line = BadRowLines.RecoveryError(line, recoveries: 1);
        var outcome = recoverer.Recover(line);
        Outcomes.NotRecovered(outcome);
        Assert.Contains("nested more than 8 deep", outcome.Reason);
    }

    [Fact]
    public void One_recoverer_serves_many_threads_with_the_same_results()
    {
        var recoverer = Configs.WithSteps(
            "adapter_failures",
            """[{"op": "Replace", "path": "$.querystring.page", "match": "(\\w+)", "value": "<$1>"}]"""
        );
        var lines = Enumerable.Range(0, 400).Select(i => LineWithPage($"p{i}")).ToArray();
        var expected = lines.Select(l => Convert.ToBase64String(recoverer.Recover(l).Payload!)).ToArray();
        var actual = new string[lines.Length];
        Parallel.For(0, lines.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            actual[i] = Convert.ToBase64String(recoverer.Recover(lines[i]).Payload!)
        );
        Assert.Equal(expected, actual);
    }
}
