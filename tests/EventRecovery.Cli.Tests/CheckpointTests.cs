using EventRecovery.Cli.Tests.Fixtures;

namespace EventRecovery.Cli.Tests;

/// <summary><c>--checkpoint-dir</c> and <c>--restart</c> on small inputs (stopping and resuming: <see cref="StopTests"/>).</summary>
public class CheckpointTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_completed_run_is_not_repeated_unless_restarted_and_restart_works_on_a_new_folder_too()
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        var lines = BadRows.Mixed(10);
        _dir.WriteLines("in/rows.jsonl", lines.Select(l => l.Text));
        string[] run =
        [
            "run",
            "--input",
            _dir.At("in"),
            "--config",
            config,
            "--output",
            _dir.At("out"),
            "--checkpoint-dir",
            _dir.At("checkpoints"),
        ];

        var first = await CliProcess.RunAsync([.. run, "--restart"]);
        var again = await CliProcess.RunAsync(run);
        // Starting over beside the first run's parts would mix two runs: it must be asked for.
        var mixing = await CliProcess.RunAsync([.. run, "--restart"]);
        Assert.True(mixing.ExitCode == 2, mixing.ToString());
        Assert.Contains("already holds 1 part file of an earlier run", mixing.Stderr);
        var restarted = await CliProcess.RunAsync([.. run, "--restart", "--append"]);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("run completed", first.Stderr);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("nothing to do", again.Stderr);
        Assert.True(restarted.ExitCode == 0, restarted.ToString());
        Assert.Contains("run completed", restarted.Stderr);
        var found = Outputs.Read(_dir.At("out"), _dir.At("out/failed"), _dir.At("out/unrecoverable"));
        Assert.Equal(lines.Concat(lines).Select(l => l.Id).Order(), found.All.Order());
    }

    [Fact]
    public async Task A_restart_refused_for_bad_usage_keeps_the_checkpoint()
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        _dir.WriteLines("in/rows.jsonl", BadRows.Mixed(10).Select(l => l.Text));
        string[] run =
        [
            "run",
            "--input",
            _dir.At("in"),
            "--config",
            config,
            "--output",
            _dir.At("out"),
            "--checkpoint-dir",
            _dir.At("checkpoints"),
        ];
        var first = await CliProcess.RunAsync(run);
        Assert.True(first.ExitCode == 0, first.ToString());
        var marker = Directory.GetFiles(_dir.At("checkpoints"), "_COMPLETE", SearchOption.AllDirectories);
        Assert.Single(marker);

        // The restart is refused because of an output that cannot be written; the finished run must stay finished.
        File.WriteAllText(_dir.At("a-file"), "");
        var refused = await CliProcess.RunAsync([.. run, "--restart", "--failed", _dir.At("a-file", "failed")]);

        Assert.Equal(2, refused.ExitCode);
        Assert.True(File.Exists(marker[0]), "the completion marker was deleted by a restart that never ran");
        var again = await CliProcess.RunAsync(run);
        Assert.Contains("nothing to do", again.Stderr);
    }
}
