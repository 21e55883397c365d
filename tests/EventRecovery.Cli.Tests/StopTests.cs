using EventRecovery.Cli.Tests.Fixtures;

namespace EventRecovery.Cli.Tests;

/// <summary>
/// Stopping a run: SIGINT (Ctrl-C) and SIGTERM drain and close the outputs and print the summary (exit code 130);
/// SIGKILL leaves no partial file under a final name. With a checkpoint, the same command run again resumes: nothing
/// is lost after a kill, nothing repeated after a clean stop.
/// </summary>
public class StopTests(LargeInput input) : IClassFixture<LargeInput>, IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Starts a run on the large input with small parts, so that parts are finished and started all along.</summary>
    private RunningCli Start(string output, string? summaryJson = null, params string[] more) =>
        CliProcess.Start([
            "run",
            .. Arguments(output),
            .. summaryJson is null ? Array.Empty<string>() : ["--summary-json", summaryJson],
            .. more,
        ]);

    /// <summary>Two workers whatever the machine, so that a run lasts long enough to be stopped on a big one too.</summary>
    private string[] Arguments(string output) =>
        ["--input", input.Path, "--config", input.Config, "--output", output, "--part-bytes", "200000", "--workers", "2"];

    /// <summary>The markers of every line of the large input.</summary>
    private static IEnumerable<string> AllMarkers => Enumerable.Range(0, LargeInput.Lines).Select(BadRows.Marker);

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_stop_signal_drains_closes_the_outputs_prints_the_summary_and_exits_130(string signal)
    {
        var output = _dir.At("out");
        var summaryPath = _dir.At("summary.json");
        using var run = Start(output, summaryPath);
        await run.WaitUntilAsync(() => Outputs.AllFiles(output).Count > 0, "the first output file");

        run.Signal(signal);
        var result = await run.WaitAsync();

        Assert.True(result.ExitCode == 130, result.ToString());
        Assert.Contains("run interrupted", result.Stderr);
        var summary = Outputs.Summary(summaryPath);
        Assert.Equal("interrupted", summary["outcome"]!.GetValue<string>());
        Assert.True(summary.Count("numRecordsIn") < LargeInput.Lines, "stopped before the end");
        Assert.Equal(summary.Count("numRecordsIn"), summary.Count("recovered") + summary.Count("failed") + summary.Count("unrecoverable"));
        Assert.Equal(
            Outputs.TextSummary(result.Stderr),
            (summary.Count("recovered"), summary.Count("failed"), summary.Count("unrecoverable"), summary.Count("numRecordsIn"))
        );

        // No unfinished file is left; every line written is whole and valid, and each is counted once.
        var found = Outputs.Read(output, Path.Combine(output, "failed"), Path.Combine(output, "unrecoverable"));
        Assert.Equal(summary.Count("recovered"), found.Recovered.Count);
        Assert.Equal(summary.Count("failed"), found.Failed.Count + found.NotBadRows.Count);
        Assert.Equal(summary.Count("unrecoverable"), found.Unrecoverable.Count);
        Assert.Equal(found.Total, found.All.Distinct().Count());
    }

    [Fact]
    public async Task A_stop_while_streaming_to_stdout_ends_on_a_whole_line_counted_in_the_summary()
    {
        var (failed, unrecoverable) = (_dir.At("failed"), _dir.At("unrecoverable"));
        using var run = CliProcess.Start([
            "run",
            "--input",
            input.Path,
            "--config",
            input.Config,
            "--output",
            "-",
            "--failed",
            failed,
            "--unrecoverable",
            unrecoverable,
            "--part-bytes",
            "200000",
            "--workers",
            "2",
        ]);
        await run.WaitUntilAsync(() => Outputs.AllFiles(failed).Count > 0, "the first output file");

        run.Signal("INT");
        var result = await run.WaitAsync();

        Assert.True(result.ExitCode == 130, result.ToString()[..Math.Min(2000, result.ToString().Length)]);
        Assert.EndsWith("\n", result.Stdout);
        var recovered = result.Stdout[..^1].Split('\n').Select(Outputs.Decode).ToList();
        var counts = Outputs.TextSummary(result.Stderr);
        Assert.Equal(counts.Recovered, recovered.Count);
        var found = Outputs.Read(_dir.At("no-recovered-folder"), failed, unrecoverable);
        Assert.Equal(counts.Failed, found.Failed.Count + found.NotBadRows.Count);
        Assert.Equal(counts.Unrecoverable, found.Unrecoverable.Count);
    }

    [Fact]
    public async Task A_killed_run_leaves_only_complete_files_under_final_names()
    {
        var output = _dir.At("out");
        using var run = Start(output);
        // Killed once some parts are finished and others are being written.
        await run.WaitUntilAsync(() => Outputs.AllFiles(output).Any(f => !Path.GetFileName(f).StartsWith('.')), "a finished part");

        run.KillHard();
        await run.WaitAsync();

        var files = Outputs.AllFiles(output);
        Assert.NotEmpty(files);
        foreach (var hidden in Outputs.HiddenFiles(output))
            Assert.Matches(@"^\.part-.+\.inprogress$", Path.GetFileName(hidden));
        // Reading checks that every line of every finished part is whole and valid.
        var found = Outputs.Read(output, Path.Combine(output, "failed"), Path.Combine(output, "unrecoverable"), allowHidden: true);
        Assert.True(found.Total > 0);
        Assert.Equal(found.Total, found.All.Distinct().Count());
    }

    /// <summary>Whether a committed checkpoint under <paramref name="checkpoints"/> says some lines are done.</summary>
    private static bool CommittedProgress(string checkpoints)
    {
        var file = Outputs.AllFiles(checkpoints).FirstOrDefault(f => Path.GetFileName(f) == "checkpoint.json");
        if (file is null)
            return false;
        try
        {
            var splits = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!["splits"]!.AsObject();
            return splits.Any(s => s.Value!["offset"]!.GetValue<long>() > 0 || s.Value!["done"]!.GetValue<bool>());
        }
        catch (IOException)
        {
            return false; // replaced while read
        }
    }

    [Fact]
    public async Task A_run_killed_after_a_checkpoint_resumes_and_no_line_is_lost()
    {
        var (output, checkpoints) = (_dir.At("out"), _dir.At("checkpoints"));
        using (var run = Start(output, null, "--checkpoint-dir", checkpoints, "--checkpoint-interval", "1"))
        {
            // checkpoint.json appears, by rename, once a commit is complete; on a loaded machine the first ones may
            // record no progress yet (the first batch written was not the first read), so wait for one that does.
            await run.WaitUntilAsync(() => CommittedProgress(checkpoints), "a checkpoint with progress");
            run.KillHard();
            await run.WaitAsync();
        }

        var again = await CliProcess.RunAsync(["run", .. Arguments(output), "--checkpoint-dir", checkpoints, "--checkpoint-interval", "1"]);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("run completed", again.Stderr);
        Assert.True(Outputs.TextSummary(again.Stderr).RecordsIn < LargeInput.Lines, "the second run resumed rather than starting over");
        // At least once: lines after the last checkpoint may be written twice, none is missing.
        var found = Outputs.Read(output, Path.Combine(output, "failed"), Path.Combine(output, "unrecoverable"), allowHidden: true);
        Assert.Equal(AllMarkers, found.All.Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_run_stopped_with_a_checkpoint_resumes_where_it_stopped_and_then_has_nothing_to_do()
    {
        var (output, checkpoints) = (_dir.At("out"), _dir.At("checkpoints"));
        using (var run = Start(output, null, "--checkpoint-dir", checkpoints))
        {
            await run.WaitUntilAsync(() => Outputs.AllFiles(output).Count > 0, "the first output file");
            run.Signal("INT");
            var stopped = await run.WaitAsync();
            Assert.True(stopped.ExitCode == 130, stopped.ToString());
        }

        var resumed = await CliProcess.RunAsync(["run", .. Arguments(output), "--checkpoint-dir", checkpoints]);
        var done = await CliProcess.RunAsync(["run", .. Arguments(output), "--checkpoint-dir", checkpoints]);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        // Exactly once: the stop committed everything it wrote, the second run took up from there.
        var found = Outputs.Read(output, Path.Combine(output, "failed"), Path.Combine(output, "unrecoverable"));
        Assert.Equal(AllMarkers, found.All.Order(StringComparer.Ordinal));
        Assert.True(done.ExitCode == 0, done.ToString());
        Assert.Contains("nothing to do", done.Stderr);
    }
}
