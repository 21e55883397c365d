using System.CommandLine;
using EventRecovery.Cli.Commands;

namespace EventRecovery.Cli;

/// <summary>
/// The program's command line: the root command with <c>run</c>, <c>validate</c>, <c>explain</c>, <c>decode</c> and
/// <c>report</c> (tests parse with it too).
/// </summary>
internal static class CliRoot
{
    /// <param name="console">Messages and the summary (standard error).</param>
    /// <param name="stdout">Standard output, for 'validate' and '--version'.</param>
    /// <param name="run">The options of 'run' (tests read parsed values through them); default: new ones.</param>
    public static RootCommand Create(TextWriter console, TextWriter stdout, RunOptions? run = null)
    {
        var root = new RootCommand(
            """
            event-recovery: repair Snowplow bad rows and rebuild their collector payloads so the pipeline can process
            them again. Start with 'event-recovery validate --config config.json', then 'event-recovery run'.
            """
        )
        {
            RunCommand.Create(run ?? new RunOptions(), console),
            ValidateCommand.Create(console, stdout),
            ExplainCommand.Create(console, stdout),
            DecodeCommand.Create(console, stdout),
            ReportCommand.Create(console),
            StudioCommand.Create(console, stdout),
        };
        // The built-in action prints the informational version with its '+commit' suffix; print the stamped version
        // (Directory.Build.props <Version>, or -p:Version=… at publish), the one recorded in recovery_error rows.
        foreach (var version in root.Options.OfType<VersionOption>())
            version.Action = new PrintVersion();
        return root;
    }

    private sealed class PrintVersion : System.CommandLine.Invocation.SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(VersionInfo.Version);
            return ExitCodes.Success;
        }
    }
}
