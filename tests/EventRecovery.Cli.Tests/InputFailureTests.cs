using System.Text.RegularExpressions;
using EventRecovery.Cli.Tests.Fixtures;

namespace EventRecovery.Cli.Tests;

/// <summary>An input that breaks while it is read: exit code 1, naming the file and line; what was written is whole.</summary>
public class InputFailureTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_truncated_gzip_file_fails_the_run_naming_the_file_and_line_and_leaves_only_complete_outputs()
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        var before = BadRows.Mixed(20);
        _dir.WriteLines("in/a.jsonl", before.Select(l => l.Text));
        // Many lines, so that the cut falls well inside the file; then keep only the first half of the gzip bytes.
        var whole = TempDir.Gzip(string.Concat(BadRows.Mixed(20_000, first: 100).Select(l => l.Text + "\n")));
        var truncated = _dir.WriteBytes("in/b.jsonl.gz", whole[..(whole.Length / 2)]);
        var output = _dir.At("out");
        var summaryPath = _dir.At("summary.json");

        var result = await CliProcess.RunAsync("run", "--input", _dir.At("in"), "--config", config, "--output", output, "--summary-json", summaryPath);

        Assert.True(result.ExitCode == 1, result.ToString());
        var message = Regex.Match(result.Stderr, @"^run failed: (.*)$", RegexOptions.Multiline);
        Assert.True(message.Success, result.Stderr);
        Assert.Contains(truncated, message.Groups[1].Value);
        Assert.Matches(@"line \d+", message.Groups[1].Value);

        var summary = Outputs.Summary(summaryPath);
        Assert.Equal("failed", summary["outcome"]!.GetValue<string>());
        Assert.Contains(truncated, summary["error"]!.GetValue<string>());
        Assert.True(summary["countsBalance"]!.GetValue<bool>());

        // Every output file has its final name and only whole, valid lines; they hold exactly what the summary counts.
        var found = Outputs.Read(output, Path.Combine(output, "failed"), Path.Combine(output, "unrecoverable"));
        Assert.Equal(summary.Count("recovered"), found.Recovered.Count);
        Assert.Equal(summary.Count("failed"), found.Failed.Count + found.NotBadRows.Count);
        Assert.Equal(summary.Count("unrecoverable"), found.Unrecoverable.Count);
        Assert.Equal(found.Total, found.All.Distinct().Count());
        // The file read before the broken one was processed whole.
        Assert.Subset(found.All.ToHashSet(), before.Select(l => l.Id).ToHashSet());
    }
}
