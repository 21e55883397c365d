using EventRecovery.Cli.Tests.Fixtures;

namespace EventRecovery.Cli.Tests;

/// <summary>
/// Stopping a run: SIGINT (Ctrl-C) and SIGTERM drain and close the outputs and print the summary (exit code 130);
/// SIGKILL leaves no partial file under a final name.
/// </summary>
public class StopTests(LargeInput input) : IClassFixture<LargeInput>, IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Starts a run on the large input with small parts, so that parts are finished and started all along.</summary>
    private RunningCli Start(string output, string? summaryJson = null) =>
        CliProcess.Start(["run", "--input", input.Path, "--config", input.Config, "--output", output, "--part-bytes", "200000",
            .. summaryJson is null ? Array.Empty<string>() : ["--summary-json", summaryJson]]);

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
        Assert.Equal(Outputs.TextSummary(result.Stderr), (summary.Count("recovered"), summary.Count("failed"), summary.Count("unrecoverable"), summary.Count("numRecordsIn")));

        // No unfinished file is left; every line written is whole and valid, and each is counted once.
        var found = Outputs.Read(output, Path.Combine(output, "failed"), Path.Combine(output, "unrecoverable"));
        Assert.Equal(summary.Count("recovered"), found.Recovered.Count);
        Assert.Equal(summary.Count("failed"), found.Failed.Count + found.NotBadRows.Count);
        Assert.Equal(summary.Count("unrecoverable"), found.Unrecoverable.Count);
        Assert.Equal(found.Total, found.All.Distinct().Count());
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
        foreach (var hidden in Outputs.HiddenFiles(output)) Assert.Matches(@"^\.part-.+\.inprogress$", Path.GetFileName(hidden));
        // Reading checks that every line of every finished part is whole and valid.
        var found = Outputs.Read(output, Path.Combine(output, "failed"), Path.Combine(output, "unrecoverable"), allowHidden: true);
        Assert.True(found.Total > 0);
        Assert.Equal(found.Total, found.All.Distinct().Count());
    }
}
