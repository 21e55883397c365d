using System.Text;
using System.Text.RegularExpressions;
using EventRecovery.Cli.Tests.Fixtures;

namespace EventRecovery.Cli.Tests;

/// <summary>
/// An input that breaks while it is read (a truncated or damaged gzip, data after its end) does not stop the others:
/// its lines before the break are processed, it is recorded as corrupt (summary, checkpoint), every other input is
/// read, and the run exits 1 naming it. A rerun does not loop on it; --restart tries it again; --fail-fast stops at it.
/// </summary>
public class InputFailureTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A good file, a gzip cut in half, another good file.</summary>
    private (List<InputLine> First, List<InputLine> Broken, List<InputLine> Last, string BrokenPath) GoodBrokenGood()
    {
        var first = BadRows.Mixed(20);
        _dir.WriteLines("in/a.jsonl", first.Select(l => l.Text));
        // Many lines, so that the cut falls well inside the file; then keep only the first half of the gzip bytes.
        var broken = BadRows.Mixed(20_000, first: 100);
        var whole = TempDir.Gzip(string.Concat(broken.Select(l => l.Text + "\n")));
        var brokenPath = _dir.WriteBytes("in/b.jsonl.gz", whole[..(whole.Length / 2)]);
        var last = BadRows.Mixed(30, first: 50_000);
        _dir.WriteLines("in/c.jsonl", last.Select(l => l.Text));
        return (first, broken, last, brokenPath);
    }

    [Fact]
    public async Task A_truncated_gzip_between_two_good_files_is_recorded_and_the_good_ones_are_recovered_whole()
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        var (first, broken, last, brokenPath) = GoodBrokenGood();
        var output = _dir.At("out");
        var summaryPath = _dir.At("summary.json");
        string[] command =
        [
            "run",
            "--input",
            _dir.At("in"),
            "--config",
            config,
            "--output",
            output,
            "--checkpoint-dir",
            _dir.At("ck"),
            "--summary-json",
            summaryPath,
        ];

        var result = await CliProcess.RunAsync(command);

        Assert.True(result.ExitCode == 1, result.ToString());
        var message = Regex.Match(result.Stderr, @"^run failed: (.*)$", RegexOptions.Multiline);
        Assert.True(message.Success, result.Stderr);
        Assert.Contains(brokenPath, message.Groups[1].Value);
        var summary = Outputs.Summary(summaryPath);
        var corrupt = Assert.Single(summary["corruptInputs"]!.AsArray());
        Assert.Equal(brokenPath, corrupt!["name"]!.GetValue<string>());
        Assert.Matches(@"after line \d+ .*cut short", corrupt["error"]!.GetValue<string>());
        Assert.True(summary["countsBalance"]!.GetValue<bool>());

        var found = Outputs.Read(output, Path.Combine(output, "failed"), Path.Combine(output, "unrecoverable"));
        var ids = found.All.ToHashSet();
        Assert.Subset(ids, first.Select(l => l.Id).ToHashSet());
        Assert.Subset(ids, last.Select(l => l.Id).ToHashSet());
        // The broken file's lines before the cut went out, each once, in order from its first line.
        var fromBroken = broken.TakeWhile(l => ids.Contains(l.Id)).Count();
        Assert.True(fromBroken > 1000, $"only {fromBroken} lines of the broken file came out");
        Assert.Equal(first.Count + fromBroken + last.Count, found.Total);
        Assert.Equal(found.Total, found.All.Distinct().Count());
        var lineNumber = long.Parse(Regex.Match(corrupt["error"]!.GetValue<string>(), @"after line (\d+)").Groups[1].Value);
        Assert.Equal(fromBroken, lineNumber); // the message's line is the last one written

        // The same command again does not read it (nor anything else) again, and still says it is corrupt.
        var again = await CliProcess.RunAsync(command);
        Assert.True(again.ExitCode == 1, again.ToString());
        var second = Outputs.Summary(summaryPath);
        Assert.Equal(0, second.Count("numRecordsIn"));
        Assert.True(Assert.Single(second["corruptInputs"]!.AsArray())!["foundEarlier"]!.GetValue<bool>());
        Assert.Equal(found.Total, Outputs.Read(output, Path.Combine(output, "failed"), Path.Combine(output, "unrecoverable")).Total);

        // --restart reads everything again, the broken file included.
        var restarted = await CliProcess.RunAsync([.. command, "--restart", "--overwrite"]);
        Assert.True(restarted.ExitCode == 1, restarted.ToString());
        var third = Outputs.Summary(summaryPath);
        Assert.Equal(found.Total, third.Count("numRecordsIn"));
        Assert.False(Assert.Single(third["corruptInputs"]!.AsArray())!["foundEarlier"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Fail_fast_stops_at_the_first_corrupt_input_after_writing_its_lines_before_the_break()
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        var (first, broken, last, brokenPath) = GoodBrokenGood();
        var output = _dir.At("out");

        var result = await CliProcess.RunAsync("run", "--input", _dir.At("in"), "--config", config, "--output", output, "--fail-fast");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Matches($@"(?m)^run failed: reading {Regex.Escape(brokenPath)} broke off after line \d+", result.Stderr);
        var ids = Outputs.Read(output, Path.Combine(output, "failed"), Path.Combine(output, "unrecoverable")).All.ToHashSet();
        Assert.Subset(ids, first.Select(l => l.Id).ToHashSet());
        Assert.Contains(broken[0].Id, ids);
        Assert.DoesNotContain(last[0].Id, ids);
    }

    [Fact]
    public async Task Data_after_the_last_gzip_member_makes_the_file_corrupt_naming_the_byte_offset()
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        var members = BadRows.Mixed(40);
        var appended = BadRows.Mixed(10, first: 1000);
        var gzip = TempDir.Gzip(string.Concat(members.Select(l => l.Text + "\n")));
        var file = _dir.WriteBytes(
            "in/x.jsonl.gz",
            [.. gzip, .. Encoding.UTF8.GetBytes(string.Concat(appended.Select(l => l.Text + "\n")))]
        );
        var output = _dir.At("out");
        var summaryPath = _dir.At("summary.json");

        var result = await CliProcess.RunAsync(
            "run",
            "--input",
            _dir.At("in"),
            "--config",
            config,
            "--output",
            output,
            "--summary-json",
            summaryPath
        );

        Assert.True(result.ExitCode == 1, result.ToString());
        var corrupt = Assert.Single(Outputs.Summary(summaryPath)["corruptInputs"]!.AsArray());
        Assert.Equal(file, corrupt!["name"]!.GetValue<string>());
        Assert.Contains($"from byte {gzip.Length}, are not a gzip member", corrupt["error"]!.GetValue<string>());
        var ids = Outputs.Read(output, Path.Combine(output, "failed"), Path.Combine(output, "unrecoverable")).All.ToList();
        Assert.Equal(members.Select(l => l.Id).Order(), ids.Order());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public async Task A_few_bytes_of_garbage_after_a_gzip_file_are_found_at_their_exact_offset(int garbage)
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        var gzip = TempDir.Gzip(string.Concat(BadRows.Mixed(2000).Select(l => l.Text + "\n")));
        _dir.WriteBytes("in/x.jsonl.gz", [.. gzip, .. Enumerable.Repeat((byte)'z', garbage)]);
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

        Assert.True(result.ExitCode == 1, result.ToString());
        var corrupt = Assert.Single(Outputs.Summary(summaryPath)["corruptInputs"]!.AsArray());
        Assert.Contains($"from byte {gzip.Length}, are not a gzip member", corrupt!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Concatenated_gzip_members_are_all_read()
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        var a = BadRows.Mixed(30);
        var b = BadRows.Mixed(30, first: 500);
        _dir.WriteBytes(
            "in/x.jsonl.gz",
            [.. TempDir.Gzip(string.Concat(a.Select(l => l.Text + "\n"))), .. TempDir.Gzip(string.Concat(b.Select(l => l.Text + "\n")))]
        );
        var output = _dir.At("out");

        var result = await CliProcess.RunAsync("run", "--input", _dir.At("in"), "--config", config, "--output", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        var ids = Outputs.Read(output, Path.Combine(output, "failed"), Path.Combine(output, "unrecoverable")).All.ToList();
        Assert.Equal(a.Concat(b).Select(l => l.Id).Order(), ids.Order());
    }
}
