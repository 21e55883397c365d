using EventRecovery.Cli.Tests.Fixtures;

namespace EventRecovery.Cli.Tests;

/// <summary>
/// Inputs that are not bad rows at all (a binary file, another format) are named, in the summary and its JSON, and
/// their lines grouped under one reason; the summary ends with where each output went.
/// </summary>
public class InputSanityTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_binary_file_among_the_inputs_is_named_and_its_lines_share_one_reason()
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        var good = BadRows.Mixed(20);
        _dir.WriteLines("in/good.jsonl", good.Select(l => l.Text));
        var random = new Random(7);
        var bytes = new byte[300_000];
        random.NextBytes(bytes);
        var binary = _dir.WriteBytes("in/archive.bin", bytes);
        var summaryPath = _dir.At("summary.json");

        var result = await CliProcess.RunAsync(
            "run",
            "--input",
            _dir.At("in"),
            "--config",
            config,
            "--output",
            _dir.At("out"),
            "--summary-json",
            summaryPath
        );

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(
            $@"(?m)^    {System.Text.RegularExpressions.Regex.Escape(binary)}: 100 of its first 100 lines are not bad rows$",
            result.Stderr
        );
        Assert.DoesNotMatch(
            $@"(?m)^    {System.Text.RegularExpressions.Regex.Escape(_dir.At("in", "good.jsonl"))}: \d+ of its first",
            result.Stderr
        );
        var summary = Outputs.Summary(summaryPath);
        var suspect = Assert.Single(summary["suspectInputs"]!.AsArray())!;
        Assert.Equal(binary, suspect["name"]!.GetValue<string>());
        // A thousand lines that are not bad rows make one reason per kind (not UTF-8, not JSON), whatever their bytes.
        var reasons = summary["topFailureReasons"]!.AsArray().Select(r => r!["reason"]!.GetValue<string>()).ToList();
        Assert.InRange(reasons.Count(r => r.StartsWith("line is not", StringComparison.Ordinal)), 1, 2);
        Assert.DoesNotContain(reasons, r =>
            r.Contains("invalid start", StringComparison.Ordinal) || r.Contains("0x", StringComparison.Ordinal)
        );
    }

    [Fact]
    public async Task The_summary_ends_with_where_each_output_went()
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        _dir.WriteLines("in/rows.jsonl", BadRows.Mixed(10).Select(l => l.Text));
        var summaryPath = _dir.At("summary.json");

        var result = await CliProcess.RunAsync(
            "run",
            "--input",
            _dir.At("in"),
            "--config",
            config,
            "--output",
            _dir.At("out"),
            "--unrecoverable",
            _dir.At("elsewhere"),
            "--summary-json",
            summaryPath
        );

        Assert.True(result.ExitCode == 0, result.ToString());
        var last = result.Stderr.TrimEnd('\n').Split('\n')[^3..];
        Assert.Equal(
            [
                $"  recovered      -> {_dir.At("out")}",
                $"  failed         -> {_dir.At("out", "failed")}",
                $"  unrecoverable  -> {_dir.At("elsewhere")}",
            ],
            last
        );
        Assert.Equal(_dir.At("elsewhere"), Outputs.Summary(summaryPath)["outputs"]!["unrecoverable"]!.GetValue<string>());
    }
}
