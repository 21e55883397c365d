using System.Text;

namespace EventRecovery.Cli.Tests.Fixtures;

/// <summary>
/// A large input, written once per test class: enough lines that a run is still going when a test signals or kills
/// it after the first output appears. Lines of every kind, each with its own marker.
/// </summary>
public sealed class LargeInput : IDisposable
{
    public const int Lines = 300_000;

    private readonly TempDir _dir = new();

    public LargeInput()
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        Config = config;
        // The same five rows over and over, the marker swapped for each line: quick to write.
        var templates = BadRows.Mixed(5, first: 999_990).Select(l => l.Text).ToArray();
        var markers = Enumerable.Range(999_990, 5).Select(BadRows.Marker).ToArray();
        Path = _dir.At("large.jsonl");
        using var writer = new StreamWriter(Path, false, new UTF8Encoding(false), 1 << 20);
        for (var i = 0; i < Lines; i++)
        {
            writer.Write(templates[i % 5].Replace(markers[i % 5], BadRows.Marker(i)));
            writer.Write('\n');
        }
    }

    /// <summary>The input file.</summary>
    public string Path { get; }

    /// <summary>The standard config, as a file.</summary>
    public string Config { get; }

    public void Dispose() => _dir.Dispose();
}
