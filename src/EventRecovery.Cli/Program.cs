using System.CommandLine;
using EventRecovery.Cli;
using EventRecovery.Cli.Arguments;

// Messages and the summary go to standard error, so that '--output -' leaves standard output to the data.
var console = Console.Error;
var root = CliRoot.Create(console, Console.Out);

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
        console.WriteLine($"error: {UsageMessages.Describe(error)}");
    var name = parse.CommandResult.Command is RootCommand ? "" : " " + parse.CommandResult.Command.Name;
    console.WriteLine($"see 'event-recovery{name} --help'");
    return ExitCodes.Usage;
}

// Ctrl-C and SIGTERM are handled by 'run' itself (drain, close, summarise), not by the parser.
return await parse.InvokeAsync(
    new InvocationConfiguration
    {
        ProcessTerminationTimeout = null,
        Output = Console.Out,
        Error = console,
    }
);
