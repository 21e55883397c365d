using System.Diagnostics;
using EventRecovery.Cli.Tests.Fixtures;

namespace EventRecovery.Cli.Tests;

/// <summary>
/// Standard streams and pipes: a reader of standard output that goes away fails the run (nothing is counted that did
/// not arrive); <c>--input -</c> reads standard input; a pipe inside an input folder is skipped, not waited on; a stop
/// ends the run even while a read is blocked.
/// </summary>
public class StandardStreamTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Process StartRaw(params string[] args) => CliProcess.StartRaw(null, args);

    private static async Task<int> ExitCode(Process process, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"event-recovery did not end within {within}");
        }
        return process.ExitCode;
    }

    [Fact]
    public async Task A_closed_standard_output_fails_the_run_instead_of_counting_lines_nobody_received()
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        var rows = BadRows.Mixed(5, first: 0).Where(l => l.Expected == Expected.Recovered).Select(l => l.Text).ToList();
        _dir.WriteLines("in/rows.jsonl", Enumerable.Range(0, 20_000).Select(i => rows[i % rows.Count]));
        var summaryPath = _dir.At("summary.json");
        using var run = StartRaw(
            "run",
            "--input",
            _dir.At("in"),
            "--config",
            config,
            "--output",
            "-",
            "--failed",
            _dir.At("failed"),
            "--unrecoverable",
            _dir.At("unrecoverable"),
            "--summary-json",
            summaryPath
        );
        var stderr = run.StandardError.ReadToEndAsync();

        // Like `| head -n 1000`: read a thousand lines, then go away.
        for (var i = 0; i < 1000; i++)
            Assert.NotNull(await run.StandardOutput.ReadLineAsync());
        run.StandardOutput.Close();

        Assert.Equal(1, await ExitCode(run, CliProcess.Timeout));
        var text = await stderr;
        Assert.Matches(@"(?m)^run failed: writing output failed: writing to standard output failed: .*", text);
        var summary = Outputs.Summary(summaryPath);
        Assert.Equal("failed", summary["outcome"]!.GetValue<string>());
        Assert.True(summary["durable"]!["recovered"]!.GetValue<long>() < 20_000, text);
    }

    [Fact]
    public async Task Dash_reads_standard_input()
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        var lines = BadRows.Mixed(30);
        var output = _dir.At("out");
        using var run = StartRaw("run", "--input", "-", "--config", config, "--output", output);
        var stderr = run.StandardError.ReadToEndAsync();
        var stdout = run.StandardOutput.ReadToEndAsync();
        foreach (var line in lines)
            await run.StandardInput.WriteAsync(line.Text + "\n");
        run.StandardInput.Close();

        Assert.True(await ExitCode(run, CliProcess.Timeout) == 0, await stderr);
        var found = Outputs.Read(output, Path.Combine(output, "failed"), Path.Combine(output, "unrecoverable"));
        Assert.Equal(lines.Select(l => l.Id).Order(), found.All.Order());
        await stdout;
    }

    [Fact]
    public async Task Standard_input_with_a_checkpoint_is_refused_because_it_cannot_be_resumed()
    {
        var config = _dir.WriteText("config.json", Configs.Standard);

        var result = await CliProcess.RunAsync(
            "run",
            "--input",
            "-",
            "--config",
            config,
            "--output",
            _dir.At("out"),
            "--checkpoint-dir",
            _dir.At("ck")
        );

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error: --checkpoint-dir: standard input can be read only once", result.Stderr);
    }

    [Fact]
    public async Task A_pipe_in_an_input_folder_is_skipped_with_a_warning_and_the_run_ends()
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        var lines = BadRows.Mixed(12);
        _dir.WriteLines("in/rows.jsonl", lines.Select(l => l.Text));
        var fifo = _dir.At("in", "pipe.jsonl");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
            await mkfifo.WaitForExitAsync();
        var output = _dir.At("out");

        var result = await CliProcess.RunAsync("run", "--input", _dir.At("in"), "--config", config, "--output", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"warning: --input {_dir.At("in")}: skipping {fifo}: not a regular file", result.Stderr);
        var found = Outputs.Read(output, Path.Combine(output, "failed"), Path.Combine(output, "unrecoverable"));
        Assert.Equal(lines.Select(l => l.Id).Order(), found.All.Order());
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task A_stop_ends_the_run_while_a_read_is_blocked_and_keeps_what_was_read(string signal)
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        var lines = BadRows.Mixed(10);
        var output = _dir.At("out");
        var summaryPath = _dir.At("summary.json");
        // Batches of one line, so that each line read is recovered and written at once.
        using var run = StartRaw(
            "run",
            "--input",
            "-",
            "--config",
            config,
            "--output",
            output,
            "--summary-json",
            summaryPath,
            "--max-buffered",
            "1"
        );
        var stderr = run.StandardError.ReadToEndAsync();
        _ = run.StandardOutput.ReadToEndAsync();
        foreach (var line in lines)
            await run.StandardInput.WriteAsync(line.Text + "\n");
        await run.StandardInput.FlushAsync();
        // Standard input stays open and silent: the read blocks. Once the lines are being written, stop the run.
        var deadline = DateTime.UtcNow + CliProcess.Timeout;
        while (Outputs.AllFiles(output).Count == 0 && !run.HasExited && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        using (var kill = Process.Start("kill", ["-" + signal, run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();

        // A run that waited for the read would never end: the time limit here is for a hang, not for speed.
        var exit = await ExitCode(run, TimeSpan.FromSeconds(60));

        Assert.True(exit == 130, await stderr);
        Assert.Equal("interrupted", Outputs.Summary(summaryPath)["outcome"]!.GetValue<string>());
        var found = Outputs.Read(output, Path.Combine(output, "failed"), Path.Combine(output, "unrecoverable"));
        Assert.Equal(lines.Select(l => l.Id).Order(), found.All.Order());
        run.StandardInput.Close();
    }
}
