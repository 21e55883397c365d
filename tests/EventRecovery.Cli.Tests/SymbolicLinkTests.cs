using EventRecovery.Cli.Tests.Fixtures;

namespace EventRecovery.Cli.Tests;

/// <summary>Symbolic links in the inputs: followed, but nothing is read twice, and a loop or a broken link is no trap.</summary>
public class SymbolicLinkTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_folder_reached_through_links_and_a_link_back_up_the_tree_is_read_once()
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        var lines = BadRows.Mixed(10);
        _dir.WriteLines("in/2024-05/rows.jsonl", lines.Select(l => l.Text));
        File.CreateSymbolicLink(_dir.At("in/alias.jsonl"), _dir.At("in/2024-05/rows.jsonl"));
        Directory.CreateSymbolicLink(_dir.At("in/current"), "2024-05");
        Directory.CreateSymbolicLink(_dir.At("in/2024-05/loop"), "..");
        var output = _dir.At("out");

        var result = await CliProcess.RunAsync(
            "run",
            "--input",
            _dir.At("in"),
            _dir.At("in/current"),
            "--config",
            config,
            "--output",
            output
        );

        Assert.True(result.ExitCode == 0, result.ToString());
        var found = Outputs.Read(output, Path.Combine(output, "failed"), Path.Combine(output, "unrecoverable"));
        Assert.Equal(lines.Select(l => l.Id).Order(), found.All.Order());
    }

    [Theory]
    [InlineData("broken", "/no/such/target", "broken symbolic link")]
    [InlineData("self", "self", "cannot follow the symbolic link")]
    public async Task A_broken_link_or_a_loop_of_links_is_named_before_any_work(string name, string target, string message)
    {
        var config = _dir.WriteText("config.json", Configs.Standard);
        _dir.WriteLines("in/rows.jsonl", BadRows.Mixed(5).Select(l => l.Text));
        File.CreateSymbolicLink(_dir.At("in", name), target);
        var output = _dir.At("out");

        var result = await CliProcess.RunAsync("run", "--input", _dir.At("in"), "--config", config, "--output", output);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error: --input: ", result.Stderr);
        Assert.Contains(_dir.At("in", name), result.Stderr);
        Assert.Contains(message, result.Stderr);
        Assert.False(Directory.Exists(output));
    }
}
