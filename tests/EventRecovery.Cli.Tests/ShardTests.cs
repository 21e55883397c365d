using EventRecovery.Cli.Tests.Fixtures;

namespace EventRecovery.Cli.Tests;

/// <summary><c>--shard I/N</c>: N runs over the same inputs together process every line exactly once.</summary>
public class ShardTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Three_shards_together_process_every_line_exactly_once()
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        // Seven files of different sizes, one compressed and one nested.
        var all = new List<InputLine>();
        int[] sizes = [30, 5, 12, 40, 1, 22, 9];
        for (var f = 0; f < sizes.Length; f++)
        {
            var lines = BadRows.Mixed(sizes[f], first: all.Count);
            all.AddRange(lines);
            if (f == 2)
                _dir.WriteGzipLines($"in/file-{f}.jsonl.gz", lines.Select(l => l.Text));
            else
                _dir.WriteLines(f == 5 ? $"in/sub/file-{f}.jsonl" : $"in/file-{f}.jsonl", lines.Select(l => l.Text));
        }

        var shards = new List<(Outputs.Found Found, System.Text.Json.Nodes.JsonObject Summary)>();
        for (var i = 0; i < 3; i++)
        {
            var output = _dir.At($"out-{i}");
            var summaryPath = _dir.At($"summary-{i}.json");
            var result = await CliProcess.RunAsync(
                "run",
                "--input",
                _dir.At("in"),
                "--config",
                config,
                "--output",
                output,
                "--shard",
                $"{i}/3",
                "--summary-json",
                summaryPath
            );
            Assert.True(result.ExitCode == 0, result.ToString());
            shards.Add(
                (Outputs.Read(output, Path.Combine(output, "failed"), Path.Combine(output, "unrecoverable")), Outputs.Summary(summaryPath))
            );
        }

        Assert.Equal(all.Count, shards.Sum(s => s.Summary.Count("numRecordsIn")));
        Assert.Equal(sizes.Length, shards.Sum(s => s.Summary.Count("inputSplits")));
        Assert.All(shards, s =>
            Assert.True(s.Summary.Count("inputSplits") > 0, "every shard gets work when there are more files than shards")
        );
        var processed = shards.SelectMany(s => s.Found.All).ToList();
        Assert.Equal(all.Select(l => l.Id).Order(), processed.Order());
        for (var i = 0; i < 3; i++)
            Assert.Equal(shards[i].Summary.Count("numRecordsIn"), shards[i].Found.Total);
    }

    [Fact]
    public async Task Shards_write_part_files_whose_names_never_collide()
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        for (var f = 0; f < 4; f++)
            _dir.WriteLines($"in/file-{f}.jsonl", BadRows.Mixed(10, first: f * 10).Select(l => l.Text));
        var output = _dir.At("out");

        for (var i = 0; i < 2; i++)
        {
            var result = await CliProcess.RunAsync(
                "run",
                "--input",
                _dir.At("in"),
                "--config",
                config,
                "--output",
                output,
                "--shard",
                $"{i}/2"
            );
            Assert.True(result.ExitCode == 0, result.ToString());
        }

        var found = Outputs.Read(output, Path.Combine(output, "failed"), Path.Combine(output, "unrecoverable"));
        Assert.Equal(40, found.Total);
        Assert.Equal(40, found.All.Distinct().Count());
        Assert.Contains(Outputs.Parts(output), p => p.Contains("-shard0of2-", StringComparison.Ordinal));
        Assert.Contains(Outputs.Parts(output), p => p.Contains("-shard1of2-", StringComparison.Ordinal));
    }
}
