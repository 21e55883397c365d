using EventRecovery.Cli.Tests.Fixtures;

namespace EventRecovery.Cli.Tests;

/// <summary><c>--output -</c>: recovered payloads on standard output, everything else on standard error.</summary>
public class StdoutOutputTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Recovered_payloads_stream_to_stdout_as_base64_lines_and_the_summary_goes_to_stderr()
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        var lines = BadRows.Mixed(40);
        _dir.WriteLines("in/rows.jsonl", lines.Select(l => l.Text));
        var (failed, unrecoverable) = (_dir.At("failed"), _dir.At("unrecoverable"));

        var result = await CliProcess.RunAsync(
            "run",
            "--input",
            _dir.At("in"),
            "--config",
            config,
            "--output",
            "-",
            "--failed",
            failed,
            "--unrecoverable",
            unrecoverable
        );

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.EndsWith("\n", result.Stdout);
        var recovered = result.Stdout[..^1].Split('\n').Select(Outputs.Decode).ToList();
        Assert.Equal(
            lines.Where(l => l.Expected == Expected.Recovered).Select(l => l.Id).Order(),
            recovered.Select(p => Outputs.Parameter(p, "id")).Order()
        );
        Assert.Contains("run completed", result.Stderr);
        Assert.Equal(recovered.Count, Outputs.TextSummary(result.Stderr).Recovered);
        Assert.DoesNotContain("run completed", result.Stdout);

        var found = Outputs.Read(_dir.At("no-such-recovered-dir"), failed, unrecoverable);
        Assert.Equal(lines.Count(l => l.Expected == Expected.Failed), found.Failed.Count);
        Assert.Equal(lines.Count(l => l.Expected == Expected.NotABadRow), found.NotBadRows.Count);
        Assert.Equal(lines.Count(l => l.Expected == Expected.Unrecoverable), found.Unrecoverable.Count);
        Assert.Equal(
            new[] { "config.json", "failed", "in", "unrecoverable" },
            Directory.EnumerateFileSystemEntries(_dir.Root).Select(Path.GetFileName).Order()
        );
    }

    [Theory]
    [InlineData("--failed")]
    [InlineData("--unrecoverable")]
    public async Task Stdout_output_requires_failed_and_unrecoverable_folders(string missing)
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        _dir.WriteLines("in/rows.jsonl", [BadRows.AdapterFailure(BadRows.Marker(1)).Text]);
        var args = new List<string> { "run", "--input", _dir.At("in"), "--config", config, "--output", "-" };
        if (missing != "--failed")
            args.AddRange(["--failed", _dir.At("failed")]);
        if (missing != "--unrecoverable")
            args.AddRange(["--unrecoverable", _dir.At("unrecoverable")]);

        var result = await CliProcess.RunAsync([.. args]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith($"error: {missing} is required when --output is ", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Empty(result.Stdout);
        Assert.False(Directory.Exists(_dir.At("failed")) || Directory.Exists(_dir.At("unrecoverable")));
    }
}
