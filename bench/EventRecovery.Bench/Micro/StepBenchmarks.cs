using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using EventRecovery.Core.Paths;
using EventRecovery.Core.Steps;
using EventRecovery.Core.Text;

namespace EventRecovery.Bench.Micro;

/// <summary>
/// Each step kind on a schema_violations payload (with <c>cx</c> and <c>ue_pr</c>). Steps change the payload,
/// so every invocation parses a fresh one: the baseline is that parse alone, and a step's own cost is its
/// difference from the baseline (which includes materialising the nodes the path walks).
/// </summary>
[MemoryDiagnoser]
public class StepBenchmarks
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);
    private string _payload = "";
    private Step _replace = null!,
        _replaceMatch = null!,
        _remove = null!,
        _cast = null!,
        _add = null!,
        _replaceInCx = null!;

    [GlobalSetup]
    public void Setup()
    {
        _payload = Fixtures.PayloadText("sv-button-click");
        _replace = new ReplaceStep(Path("$.raw.parameters.aid"), null, JsonValue.Create("shop"));
        _replaceMatch = new ReplaceStep(Path("$.raw.parameters.ue_pr.data.schema"), Regex("1-0-0$"), JsonValue.Create("1-0-1"));
        _remove = new RemoveStep(Path("$.raw.parameters.page"), Regex(" – Acme Outdoor$"));
        _cast = new CastStep(Path("$.raw.parameters.ue_pr.data.data.position"), CastType.Numeric, CastType.String);
        _add = new AddStep(Path("$.raw.parameters.cx.data[0].data"), new JsonObject { ["source"] = "recovery" });
        _replaceInCx = new ReplaceStep(Path("$.raw.parameters.cx.data[0].schema"), Regex("1-0-0$"), JsonValue.Create("1-0-1"));
    }

    private static JsonPath Path(string text) =>
        JsonPath.TryParse(text, Timeout, out var error) ?? throw new InvalidOperationException(error);

    private static JavaRegex Regex(string pattern) =>
        JavaRegex.TryCreate(pattern, Timeout, out var error) ?? throw new InvalidOperationException(error);

    [Benchmark(Baseline = true, Description = "parse payload only")]
    public JsonNode? ParseOnly() => JsonNode.Parse(_payload);

    [Benchmark(Description = "Replace parameter (no match)")]
    public JsonNode? Replace() => _replace.ApplyTo(JsonNode.Parse(_payload));

    [Benchmark(Description = "Replace with match in ue_pr")]
    public JsonNode? ReplaceWithMatch() => _replaceMatch.ApplyTo(JsonNode.Parse(_payload));

    [Benchmark(Description = "Replace with match in cx")]
    public JsonNode? ReplaceInCx() => _replaceInCx.ApplyTo(JsonNode.Parse(_payload));

    [Benchmark(Description = "Remove with match")]
    public JsonNode? Remove() => _remove.ApplyTo(JsonNode.Parse(_payload));

    [Benchmark(Description = "Cast Numeric→String in ue_pr")]
    public JsonNode? Cast() => _cast.ApplyTo(JsonNode.Parse(_payload));

    [Benchmark(Description = "Add object fields in cx")]
    public JsonNode? Add() => _add.ApplyTo(JsonNode.Parse(_payload));
}
