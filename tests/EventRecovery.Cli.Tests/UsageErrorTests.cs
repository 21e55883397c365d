using EventRecovery.Cli.Tests.Fixtures;

namespace EventRecovery.Cli.Tests;

/// <summary>
/// Bad usage stops <c>run</c> before any work: a one-line message that names the flag or path, exit code 2, and
/// nothing written (no output folder, no leftover file).
/// </summary>
public class UsageErrorTests : IDisposable
{
    private readonly TempDir _dir = new();

    public UsageErrorTests()
    {
        _dir.WriteText("config.json", Configs.Standard);
        _dir.WriteText("invalid.json", Configs.Invalid);
        _dir.WriteLines("in/rows.jsonl", BadRows.Mixed(10).Select(l => l.Text));
        Directory.CreateDirectory(_dir.At("config-folder"));
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Arguments with placeholders: {dir} is the test's folder; {in}, {config} and {out} the usual values.</summary>
    public static TheoryData<string, string[], string[]> Cases =>
        new()
        {
            {
                "unknown flag before --input",
                ["run", "--bogus", "--input", "{in}", "--config", "{config}", "--output", "{out}"],
                ["--bogus"]
            },
            {
                "unknown flag right after --input values",
                ["run", "--input", "{in}", "--bogus", "--config", "{config}", "--output", "{out}"],
                ["--bogus"]
            },
            { "unknown flag at the end", ["run", "--input", "{in}", "--config", "{config}", "--output", "{out}", "--bogus"], ["--bogus"] },
            { "missing --config", ["run", "--input", "{in}", "--output", "{out}"], ["--config"] },
            {
                "a word for a number",
                ["run", "--input", "{in}", "--config", "{config}", "--output", "{out}", "--workers", "abc"],
                ["--workers: 'abc' is not a whole number"]
            },
            {
                "a fraction for a whole number",
                ["run", "--input", "{in}", "--config", "{config}", "--output", "{out}", "--split-bytes", "1.5"],
                ["--split-bytes: '1.5' is not a whole number"]
            },
            {
                "a number flag without its value",
                ["run", "--input", "{in}", "--config", "{config}", "--output", "{out}", "--max-buffered"],
                ["--max-buffered"]
            },
            {
                "missing input file",
                ["run", "--input", "{dir}/in/missing.jsonl", "--config", "{config}", "--output", "{out}"],
                ["--input", "{dir}/in/missing.jsonl", "no such file"]
            },
            {
                "one of several inputs missing",
                ["run", "--input", "{in}", "{dir}/nothing-here", "--config", "{config}", "--output", "{out}"],
                ["--input", "{dir}/nothing-here"]
            },
            {
                "glob matching nothing",
                ["run", "--input", "{dir}/in/*.gz", "--config", "{config}", "--output", "{out}"],
                ["--input", "{dir}/in/*.gz", "matches no file"]
            },
            {
                "missing config file",
                ["run", "--input", "{in}", "--config", "{dir}/nope.json", "--output", "{out}"],
                ["--config", "{dir}/nope.json", "no such file"]
            },
            {
                "missing config file without extension",
                ["run", "--input", "{in}", "--config", "my-config", "--output", "{out}"],
                ["--config", "my-config", "no such file"]
            },
            {
                "config is a folder",
                ["run", "--input", "{in}", "--config", "{dir}/config-folder", "--output", "{out}"],
                ["--config", "{dir}/config-folder", "directory"]
            },
            {
                "output under a regular file",
                ["run", "--input", "{in}", "--config", "{config}", "--output", "{config}/out"],
                ["--output", "{config}", "not a directory"]
            },
            {
                "output in /proc",
                ["run", "--input", "{in}", "--config", "{config}", "--output", "/proc/event-recovery-test-out"],
                ["--output", "/proc/event-recovery-test-out", "not writable"]
            },
            {
                "failed folder not writable",
                ["run", "--input", "{in}", "--config", "{config}", "--output", "{out}", "--failed", "/proc/event-recovery-test-failed"],
                ["--failed", "/proc/event-recovery-test-failed", "not writable"]
            },
            {
                "unrecoverable folder under a file",
                ["run", "--input", "{in}", "--config", "{config}", "--output", "{out}", "--unrecoverable", "{config}/u"],
                ["--unrecoverable", "{config}", "not a directory"]
            },
            {
                "checkpoint folder not writable",
                [
                    "run",
                    "--input",
                    "{in}",
                    "--config",
                    "{config}",
                    "--output",
                    "{out}",
                    "--checkpoint-dir",
                    "/proc/event-recovery-test-checkpoints",
                ],
                ["--checkpoint-dir", "/proc/event-recovery-test-checkpoints", "not writable"]
            },
            {
                "checkpoint folder under a file",
                ["run", "--input", "{in}", "--config", "{config}", "--output", "{out}", "--checkpoint-dir", "{config}/checkpoints"],
                ["--checkpoint-dir", "{config}", "not a directory"]
            },
            {
                "summary in a missing folder",
                ["run", "--input", "{in}", "--config", "{config}", "--output", "{out}", "--summary-json", "{dir}/no/such/summary.json"],
                ["--summary-json", "{dir}/no/such/summary.json"]
            },
            {
                "shard index too large",
                ["run", "--input", "{in}", "--config", "{config}", "--output", "{out}", "--shard", "3/3"],
                ["--shard 3/3"]
            },
            {
                "shard without count",
                ["run", "--input", "{in}", "--config", "{config}", "--output", "{out}", "--shard", "1"],
                ["--shard 1"]
            },
            {
                "shard not numbers",
                ["run", "--input", "{in}", "--config", "{config}", "--output", "{out}", "--shard", "a/b"],
                ["--shard a/b"]
            },
            {
                "shard count zero",
                ["run", "--input", "{in}", "--config", "{config}", "--output", "{out}", "--shard", "0/0"],
                ["--shard 0/0"]
            },
            { "workers zero", ["run", "--input", "{in}", "--config", "{config}", "--output", "{out}", "--workers", "0"], ["--workers"] },
            {
                "batch size over the Kinesis limit",
                ["run", "--input", "{in}", "--config", "{config}", "--output", "{out}", "--batch-size", "501"],
                ["--batch-size 501: must be between 1 and 500"]
            },
            {
                "retry deadline zero",
                ["run", "--input", "{in}", "--config", "{config}", "--output", "{out}", "--retry-deadline", "0"],
                ["--retry-deadline 0: must be at least 1 second"]
            },
            {
                "part size zero",
                ["run", "--input", "{in}", "--config", "{config}", "--output", "{out}", "--part-bytes", "0"],
                ["--part-bytes 0: must be at least 1"]
            },
            {
                "restart without a checkpoint",
                ["run", "--input", "{in}", "--config", "{config}", "--output", "{out}", "--restart"],
                ["--restart needs --checkpoint-dir"]
            },
            {
                "append and overwrite",
                ["run", "--input", "{in}", "--config", "{config}", "--output", "{out}", "--append", "--overwrite"],
                ["--append and --overwrite exclude each other"]
            },
            {
                "output of an unknown scheme",
                ["run", "--input", "{in}", "--config", "{config}", "--output", "gs://bucket/out"],
                ["--output gs://bucket/out: expected a directory"]
            },
            {
                "failed rows to a stream",
                ["run", "--input", "{in}", "--config", "{config}", "--output", "{out}", "--failed", "kinesis://raw"],
                ["--failed kinesis://raw", "directory or an s3:// prefix"]
            },
            {
                "not a number",
                ["run", "--input", "{in}", "--config", "{config}", "--output", "{out}", "--max-buffered", "lots"],
                ["--max-buffered", "lots"]
            },
        };

    private string Fill(string arg) =>
        arg.Replace("{in}", _dir.At("in"))
            .Replace("{config}", _dir.At("config.json"))
            .Replace("{out}", _dir.At("out"))
            .Replace("{dir}", _dir.Root);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_usage_is_named_in_one_line_with_exit_code_2_and_nothing_is_written(string why, string[] args, string[] named)
    {
        var before = Listing();

        var result = await CliProcess.RunAsync([.. args.Select(Fill)]);

        Assert.True(result.ExitCode == 2, $"{why}: {result}");
        Assert.Empty(result.Stdout);
        var lines = result.Stderr.TrimEnd('\n').Split('\n');
        Assert.StartsWith("error: ", lines[0]);
        foreach (var thing in named.Select(Fill))
            Assert.Contains(thing, lines[0]);
        // The parser may add where to look for help; nothing else.
        Assert.All(lines[1..], l => Assert.Matches(@"^see 'event-recovery run --help'$", l));
        Assert.Equal(before, Listing());
        Assert.False(Directory.Exists(_dir.At("out")));
    }

    [Fact]
    public async Task An_invalid_config_is_refused_with_every_problem_and_its_location()
    {
        var before = Listing();

        var result = await CliProcess.RunAsync(
            "run",
            "--input",
            _dir.At("in"),
            "--config",
            _dir.At("invalid.json"),
            "--output",
            _dir.At("out")
        );

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error: --config: the configuration is invalid (4 problems", result.Stderr);
        foreach (var location in Configs.InvalidLocations)
            Assert.Contains(location, result.Stderr);
        Assert.Empty(result.Stdout);
        Assert.Equal(before, Listing());
    }

    [Fact]
    public async Task An_empty_input_folder_is_an_error_as_an_empty_S3_prefix_is()
    {
        Directory.CreateDirectory(_dir.At("empty", "only-hidden"));
        File.WriteAllText(_dir.At("empty", "only-hidden", ".hidden.jsonl"), "{}\n");

        var result = await CliProcess.RunAsync(
            "run",
            "--input",
            _dir.At("empty"),
            "--config",
            _dir.At("config.json"),
            "--output",
            _dir.At("out")
        );

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(
            $"error: --input {_dir.At("empty")}: the folder holds no input file (hidden files, pipes and event-recovery's own outputs are not read)",
            result.Stderr.Trim()
        );
        Assert.False(Directory.Exists(_dir.At("out")));
    }

    /// <summary>Every file and folder under the test's folder.</summary>
    private List<string> Listing() =>
        Directory.EnumerateFileSystemEntries(_dir.Root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
}
