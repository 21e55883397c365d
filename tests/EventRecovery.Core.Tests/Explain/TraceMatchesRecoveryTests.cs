using System.Buffers;
using System.Text;
using System.Text.Json;
using EventRecovery.Bench.Corpus;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.Explain;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Tests.Fixtures;
using EventRecovery.Core.Tests.InPlace;
using EventRecovery.Core.Tests.Recovery;
using FsCheck;
using FsCheck.Fluent;

namespace EventRecovery.Core.Tests.Explain;

/// <summary>
/// The trace describes exactly what recovery does: for every line, its outcome (kind, reason, flows, steps that
/// changed nothing) and payload bytes are those of <see cref="Recoverer"/> (in place where it can), over the bench
/// corpus, the examples, the rows of the recovery tests and mutated rows.
/// </summary>
public class TraceMatchesRecoveryTests
{
    private static readonly RecoveryOptions Options = InPlaceRecoveryTests.InPlaceOn;

    /// <summary>Asserts the trace of <paramref name="line"/> tells the outcome recovery gives; returns the trace.</summary>
    internal static RowTrace AssertSame(RecoveryConfig config, byte[] line, string context, RecoveryOptions? options = null)
    {
        options ??= Options;
        var outcome = new Recoverer(config, options).Recover(line);
        var trace = new RowTracer(config, options).Trace(line);
        var o = trace.Outcome;
        Assert.True(
            RowTracer.KindName(outcome.Kind) == o.Kind,
            $"kind: recovery {outcome.Kind}, trace {o.Kind}: {context}\n{outcome.Reason}\n{o.Reason}"
        );
        Assert.True(outcome.Reason == o.Reason, $"reasons differ: {context}\nrecovery: {outcome.Reason}\ntrace:    {o.Reason}");
        Assert.True(outcome.BadRowType == trace.BadRowType, $"types differ: {context}");
        Assert.True(
            outcome.Flows.SequenceEqual(o.Flows),
            $"flows differ: {context}: {string.Join(",", outcome.Flows)} / {string.Join(",", o.Flows)}"
        );
        Assert.Equal((outcome.UnchangedSteps ?? []).Select(u => u.ToString()), o.Unchanged);
        Assert.True((outcome.Payload is null ? null : Convert.ToBase64String(outcome.Payload)) == o.Payload, $"payloads differ: {context}");
        // The data form is what tools read: it must come back as it was written.
        var json = TraceJson.Write(trace);
        Assert.Equal(json, TraceJson.Write(TraceJson.ReadTrace(json)!));
        return trace;
    }

    [Fact]
    public void The_trace_tells_what_recovery_does_on_every_kind_of_row_of_the_bench_corpus()
    {
        var config = ConfigLoader.Load(BenchConfig.Text);
        var recovered = 0;
        foreach (var (line, context) in BenchRows(perKind: 60))
            if (AssertSame(config, line, context).Outcome.Kind == "recovered")
                recovered++;
        Assert.True(recovered > 500, $"only {recovered} rows recovered: the corpus is not exercising the steps");
    }

    [Theory]
    [MemberData(nameof(UnchangedStepTests.Cases), MemberType = typeof(UnchangedStepTests))]
    public void The_trace_tells_what_recovery_does_with_steps_that_change_nothing_strict_or_not(
        string steps,
        string unchanged,
        bool inPlace
    )
    {
        _ = inPlace;
        var config = Configs.Load(Configs.Text(Configs.Key("schema_violations"), Configs.Flow("fix", steps)));
        var line = Encoding.UTF8.GetBytes(UnchangedStepTests.Line);
        var trace = AssertSame(config, line, steps);
        AssertSame(config, line, steps, Options with { StrictSteps = true });
        // Each step's trace says whether it changed something, as the outcome counts it.
        var noted = trace.Flows.SelectMany(f => f.Steps).Where(s => !s.Changed).Select(s => s.Index.ToString());
        Assert.Equal(unchanged, string.Join(",", noted));
    }

    /// <summary>Rows of every kind the bench writes, each kind from its own seed.</summary>
    private static IEnumerable<(byte[] Line, string Context)> BenchRows(int perKind)
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        var json = new Utf8JsonWriter(buffer, JsonText.Options);
        foreach (var kind in RowKinds.All)
        {
            var rows = new RowWriter(new Rng(0x5EED + (ulong)kind.Name.Length * 7919));
            for (var i = 0; i < perKind; i++)
            {
                buffer.ResetWrittenCount();
                json.Reset(buffer);
                rows.Write(kind, json);
                json.Flush();
                yield return (buffer.WrittenSpan.ToArray(), $"{kind.Name} #{i}");
            }
        }
    }

    [Fact]
    public void The_trace_tells_what_recovery_does_on_the_examples()
    {
        var root = Repository.Root;
        var config = ConfigLoader.Load(File.ReadAllText(Path.Combine(root, "examples", "config.json")));
        var lines = 0;
        foreach (var file in Directory.GetFiles(Path.Combine(root, "examples", "bad-rows")))
        foreach (var (line, n) in File.ReadLines(file).Select((l, i) => (l, i + 1)).Where(x => x.l.Length > 0))
        {
            AssertSame(config, Encoding.UTF8.GetBytes(line), $"{file}:{n}");
            lines++;
        }
        Assert.True(lines >= 8, $"{lines} example lines");
    }

    [Theory]
    [MemberData(nameof(InPlaceRecoveryTests.OrdinaryRepairs), MemberType = typeof(InPlaceRecoveryTests))]
    public void The_trace_tells_what_recovery_does_on_the_repairs_of_the_recovery_tests(string what, string line, string steps)
    {
        var type = JsonDocument.Parse(line).RootElement.GetProperty("schema").GetString()!.Split('/')[1];
        var config = Configs.Load(Configs.Text(Configs.Key(type), Configs.Flow("fix", steps)));
        AssertSame(config, Encoding.UTF8.GetBytes(line), what);
    }

    [Theory]
    [MemberData(nameof(InPlaceRecoveryTests.LayerRepairs), MemberType = typeof(InPlaceRecoveryTests))]
    public void The_trace_tells_what_recovery_does_on_the_layer_repairs_of_the_recovery_tests(string what, string layer, string steps)
    {
        var config = Configs.Load(Configs.Text(Configs.Key("schema_violations"), Configs.Flow("fix", steps)));
        AssertSame(config, Encoding.UTF8.GetBytes(InPlaceRecoveryTests.UePrRow(layer)), what);
    }

    [Theory]
    [MemberData(nameof(SafetyTests.OddShapes), MemberType = typeof(SafetyTests))]
    public void The_trace_tells_what_recovery_does_on_rows_of_odd_shapes(string type, string line) =>
        AssertSame(
            Configs.Load(
                Configs.Text(Configs.Key(type), Configs.Flow("fix", """[{"op": "Replace", "path": "$.querystring.cx.data", "value": 1}]"""))
            ),
            Encoding.UTF8.GetBytes(line),
            line
        );

    private static readonly RecoveryConfig Lenient = Configs.Load(RecoverPropertyTests.LenientText);

    [Fact]
    public void The_trace_tells_what_recovery_does_on_the_base_lines_of_the_property_tests()
    {
        foreach (var line in RecoverPropertyTests.BaseLines)
            AssertSame(Lenient, Encoding.UTF8.GetBytes(line), line);
    }

    private static bool Same(byte[] line)
    {
        AssertSame(Lenient, line, Encoding.UTF8.GetString(line));
        return true;
    }

    [Fact]
    public void Property_the_trace_outcome_is_recovery_outcome_for_rows_with_any_field_changed() =>
        Prop.ForAll(RecoverPropertyTests.MutatedBadRow.ToArbitrary(), line => Same(Encoding.UTF8.GetBytes(line)))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(500));

    [Fact]
    public void Property_the_trace_outcome_is_recovery_outcome_for_rows_with_duplicate_keys_or_bad_bytes() =>
        Prop.ForAll(
                Gen.OneOf(RecoverPropertyTests.DuplicatedKeyBadRow.Select(Encoding.UTF8.GetBytes), RecoverPropertyTests.CorruptedBadRow)
                    .ToArbitrary(),
                Same
            )
            .Check(Config.QuickThrowOnFailure.WithMaxTest(500));

    [Fact]
    public void Property_the_trace_outcome_is_recovery_outcome_for_any_text() =>
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), s => Same(Encoding.UTF8.GetBytes(s ?? ""))).QuickCheckThrowOnFailure();
}
