using System.Text.Json;
using BenchmarkDotNet.Attributes;
using EventRecovery.Bench.Corpus;
using EventRecovery.Core.BadRows;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.Recovery;

namespace EventRecovery.Bench.Micro;

/// <summary>
/// One line of each main shape: scanning its tokens (the floor), parsing it into a bad row, and the whole
/// <c>Recover</c> with the bench config.
/// </summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private byte[] _line = [];
    private Recoverer _recoverer = null!;

    [Params("sv-button-click", "sv-customer-age", "af-app-id", "af-segment-body", "cpfv-base64", "re-adapter", "sv-no-flow")]
    public string Kind { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _line = Fixtures.Line(Kind);
        _recoverer = new Recoverer(ConfigLoader.Load(BenchConfig.Text));
    }

    [Benchmark(Baseline = true, Description = "Utf8JsonReader scan")]
    public long Scan()
    {
        var reader = new Utf8JsonReader(_line);
        long tokens = 0;
        while (reader.Read())
            tokens++;
        return tokens;
    }

    [Benchmark(Description = "bad row parse (JsonDocument + BadRow)")]
    public string BadRowParse()
    {
        using var doc = JsonDocument.Parse(_line);
        return BadRow.From(doc.RootElement).Type;
    }

    [Benchmark(Description = "Recoverer.Recover")]
    public OutcomeKind Recover() => _recoverer.Recover(_line).Kind;
}
