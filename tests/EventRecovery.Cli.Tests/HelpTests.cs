using System.Text.RegularExpressions;
using EventRecovery.Cli.Tests.Fixtures;

namespace EventRecovery.Cli.Tests;

/// <summary><c>--help</c> explains every flag.</summary>
public class HelpTests
{
    /// <summary>The flags of the command-line contract (the Flink job's names), which <c>run --help</c> must list.</summary>
    private static readonly string[] ContractFlags =
    [
        "--input",
        "--output",
        "--failed",
        "--unrecoverable",
        "--config",
        "--resolver",
        "--region",
        "--endpoint-url",
        "--batch-size",
        "--max-buffered",
        "--checkpoint-interval",
        "--checkpoint-dir",
        "--shard",
    ];

    /// <summary>The options section of a help text: each flag with its description.</summary>
    private static Dictionary<string, string> Options(string help)
    {
        var section = help[(help.IndexOf("Options:", StringComparison.Ordinal) + "Options:".Length)..];
        var options = new Dictionary<string, string>();
        foreach (
            Match m in Regex.Matches(section, @"^  (?:-\S+, )*(--[a-z-]+)(?: <[^>]+>)?(?: \(REQUIRED\))?\s+(.*)$", RegexOptions.Multiline)
        )
            options[m.Groups[1].Value] = m.Groups[2].Value.Trim();
        return options;
    }

    [Fact]
    public async Task Run_help_lists_every_flag_with_a_description()
    {
        var result = await CliProcess.RunAsync("run", "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        var options = Options(result.Stdout);
        Assert.All(ContractFlags, flag => Assert.Contains(flag, options.Keys));
        Assert.All(options, o => Assert.True(o.Value.Length >= 10, $"{o.Key} has no description"));
        // Every option line was understood: none was left out of the parse above.
        Assert.Equal(Regex.Matches(result.Stdout, @"^  -", RegexOptions.Multiline).Count, options.Count);
    }

    [Fact]
    public async Task Validate_help_lists_every_flag_with_a_description()
    {
        var result = await CliProcess.RunAsync("validate", "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        var options = Options(result.Stdout);
        Assert.Equal(["--config", "--help", "--resolver"], options.Keys.Order());
        Assert.All(options, o => Assert.True(o.Value.Length >= 10, $"{o.Key} has no description"));
    }

    [Fact]
    public async Task Report_help_lists_every_flag_with_a_description_and_an_example()
    {
        var result = await CliProcess.RunAsync("report", "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        var options = Options(result.Stdout);
        Assert.Equal(["--endpoint-url", "--help", "--output", "--region", "--summary-json"], options.Keys.Order());
        Assert.All(options, o => Assert.True(o.Value.Length >= 10, $"{o.Key} has no description"));
        Assert.Contains("event-recovery report --summary-json shard-*.json --output report.html", result.Stdout);
        Assert.Matches(@"(?m)^\s+report\s+\S", (await CliProcess.RunAsync("--help")).Stdout);
    }

    [Fact]
    public async Task Top_level_help_names_both_commands()
    {
        var result = await CliProcess.RunAsync("--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"(?m)^\s+run\s+\S", result.Stdout);
        Assert.Matches(@"(?m)^\s+validate\s+\S", result.Stdout);
    }
}
