using EventRecovery.Cli.Tests.Aws;
using EventRecovery.Cli.Tests.Fixtures;

namespace EventRecovery.Cli.Tests;

/// <summary>
/// The iteration loop is safe: a run never reads what it writes (outputs inside inputs, either way, through symbolic
/// links, on S3), never mixes its parts with an earlier run's unless told (--append, --overwrite), and resumes in
/// place from its checkpoint.
/// </summary>
[Collection(AwsCollection.Name)]
public sealed class IterationSafetyTests(AwsServers aws) : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Config => _dir.WriteText("config.json", Configs.Standard);

    private List<InputLine> Input(string folder = "in", int count = 12, int first = 0)
    {
        var lines = BadRows.Mixed(count, first);
        _dir.WriteLines($"{folder}/rows.jsonl", lines.Select(l => l.Text));
        return lines;
    }

    private static void AssertOverlapRefused(CliResult result, string flag, string input)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{flag} ", result.Stderr);
        Assert.Contains($"and --input {input} overlap: the run would read what it writes", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task An_output_inside_the_input_is_refused_before_anything_is_written()
    {
        Input();
        var result = await CliProcess.RunAsync("run", "--input", _dir.At("in"), "--config", Config, "--output", _dir.At("in", "out"));

        AssertOverlapRefused(result, "--output", _dir.At("in"));
        Assert.False(Directory.Exists(_dir.At("in", "out")));
    }

    [Fact]
    public async Task Failed_rows_written_into_the_folder_being_read_are_refused()
    {
        // The README's loop done wrong: the failed rows of a run fed back in, with the same --output.
        Input();
        Assert.Equal(
            0,
            (await CliProcess.RunAsync("run", "--input", _dir.At("in"), "--config", Config, "--output", _dir.At("loop"))).ExitCode
        );

        var result = await CliProcess.RunAsync(
            "run",
            "--input",
            _dir.At("loop", "failed"),
            "--config",
            Config,
            "--output",
            _dir.At("loop")
        );

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"and --input {_dir.At("loop", "failed")} overlap", result.Stderr);
        // The safe command: the failed folder of one run in, a new folder out.
        var next = await CliProcess.RunAsync(
            "run",
            "--input",
            _dir.At("loop", "failed"),
            "--config",
            Config,
            "--output",
            _dir.At("loop-2")
        );
        Assert.True(next.ExitCode == 0, next.ToString());
    }

    [Fact]
    public async Task An_input_inside_an_output_location_is_refused()
    {
        Input("work/in");
        var result = await CliProcess.RunAsync(
            "run",
            "--input",
            _dir.At("work", "in"),
            "--config",
            Config,
            "--output",
            _dir.At("out"),
            "--failed",
            _dir.At("work")
        );

        AssertOverlapRefused(result, "--failed", _dir.At("work", "in"));
    }

    [Fact]
    public async Task An_overlap_through_a_symbolic_link_or_dot_dot_is_refused()
    {
        Input();
        Directory.CreateSymbolicLink(_dir.At("alias"), _dir.At("in"));

        var viaLink = await CliProcess.RunAsync("run", "--input", _dir.At("in"), "--config", Config, "--output", _dir.At("alias", "out"));
        var viaDots = await CliProcess.RunAsync(
            "run",
            "--input",
            _dir.At("alias"),
            "--config",
            Config,
            "--output",
            _dir.At("elsewhere", "..", "in", "out"),
            "--checkpoint-dir",
            _dir.At("ck")
        );

        AssertOverlapRefused(viaLink, "--output", _dir.At("in"));
        AssertOverlapRefused(viaDots, "--output", _dir.At("alias"));
        Assert.False(Directory.Exists(_dir.At("in", "out")));
    }

    [Fact]
    public async Task A_checkpoint_inside_an_S3_input_prefix_is_refused()
    {
        var bucket = await aws.S3.NewBucketAsync("overlap");
        await aws.PutLinesAsync(bucket, "bad/2026/rows.txt", BadRows.Mixed(5).Select(l => l.Text));

        var result = await CliProcess.RunAsync(
            aws.Environment,
            "run",
            "--input",
            $"s3://{bucket}/bad",
            "--config",
            Config,
            "--output",
            _dir.At("out"),
            "--checkpoint-dir",
            $"s3://{bucket}/bad/checkpoints"
        );
        var sibling = await CliProcess.RunAsync(
            aws.Environment,
            "run",
            "--input",
            $"s3://{bucket}/bad",
            "--config",
            Config,
            "--output",
            _dir.At("out2"),
            "--failed",
            $"s3://{bucket}/bad-failed",
            "--unrecoverable",
            $"s3://{bucket}/bad-unrecoverable"
        );

        AssertOverlapRefused(result, "--checkpoint-dir", $"s3://{bucket}/bad");
        Assert.True(sibling.ExitCode == 0, sibling.ToString()); // a prefix beside the input's, not under it
    }

    [Fact]
    public async Task A_second_run_into_the_same_output_is_refused_unless_told_to_append_or_overwrite()
    {
        var lines = Input();
        string[] run = ["run", "--input", _dir.At("in"), "--config", Config, "--output", _dir.At("out")];
        Assert.Equal(0, (await CliProcess.RunAsync(run)).ExitCode);

        var refused = await CliProcess.RunAsync(run);
        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Matches(@"^error: --output \S+ already holds 1 part file of an earlier run \(e\.g\. \S+part-\S+\.txt\)", refused.Stderr);
        Assert.Equal(lines.Select(l => l.Id).Order(), Read().Order());

        var appended = await CliProcess.RunAsync([.. run, "--append"]);
        Assert.True(appended.ExitCode == 0, appended.ToString());
        Assert.Equal(lines.Concat(lines).Select(l => l.Id).Order(), Read().Order());

        // --overwrite removes our parts only, naming each, and never a file that is not one.
        File.WriteAllText(_dir.At("out", "notes.txt"), "mine");
        File.WriteAllText(_dir.At("out", "failed", "part-by-hand.txt"), "mine too");
        var overwritten = await CliProcess.RunAsync([.. run, "--overwrite"]);
        Assert.True(overwritten.ExitCode == 0, overwritten.ToString());
        Assert.Matches(@"(?m)^--overwrite: removed \S+/out/part-\S+\.txt$", overwritten.Stderr);
        Assert.Equal("mine", File.ReadAllText(_dir.At("out", "notes.txt")));
        Assert.Equal("mine too", File.ReadAllText(_dir.At("out", "failed", "part-by-hand.txt")));
        File.Delete(_dir.At("out", "notes.txt"));
        File.Delete(_dir.At("out", "failed", "part-by-hand.txt"));
        Assert.Equal(lines.Select(l => l.Id).Order(), Read().Order());

        List<string> Read() => Outputs.Read(_dir.At("out"), _dir.At("out", "failed"), _dir.At("out", "unrecoverable")).All.ToList();
    }

    [Fact]
    public async Task A_run_resumed_from_its_checkpoint_continues_in_place_without_a_flag()
    {
        var lines = Input(count: 2000);
        var output = _dir.At("out");
        string[] run =
        [
            "run",
            "--input",
            _dir.At("in"),
            "--config",
            Config,
            "--output",
            output,
            "--checkpoint-dir",
            _dir.At("ck"),
            "--checkpoint-interval",
            "1",
            "--max-buffered",
            "10",
            "--workers",
            "1",
        ];
        using (var first = CliProcess.Start(run))
        {
            await first.WaitUntilAsync(
                () => File.Exists(_dir.At("ck", "shard-0-of-1", "checkpoint.json")) && Outputs.Parts(output).Count > 0,
                "a checkpoint"
            );
            first.KillHard();
            await first.WaitAsync();
        }

        var resumed = await CliProcess.RunAsync(run);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        var found = Outputs.Read(output, Path.Combine(output, "failed"), Path.Combine(output, "unrecoverable"), allowHidden: true);
        Assert.Equal(lines.Select(l => l.Id).ToHashSet(), found.All.ToHashSet()); // every line, some perhaps twice (at least once)
    }
}
