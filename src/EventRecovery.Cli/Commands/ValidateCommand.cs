using System.CommandLine;
using EventRecovery.Cli.Arguments;
using EventRecovery.Core.Configuration;

namespace EventRecovery.Cli.Commands;

/// <summary><c>event-recovery validate</c>: check a recovery config (and resolver) without reading any data.</summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter console, TextWriter report)
    {
        var config = new Option<string>("--config")
        {
            Description = "Recovery configuration to check: a JSON file, or the base64 of its text.",
            Required = true,
        };
        var resolver = new Option<string?>("--resolver") { Description = "Iglu resolver configuration to check too (file or base64)." };
        var command = new Command(
            "validate",
            """
            Check a recovery configuration before running it. Prints "config valid" and the flows per bad row type,
            or every problem with its JSON location (for example data["iglu:…"][0].steps[2].path). Exit code 0 when
            valid, 2 otherwise.
            """
        )
        {
            config,
            resolver,
        };
        command.SetAction(parse =>
        {
            try
            {
                var validation = ConfigLoader.Validate(TextArgument.Read("--config", parse.GetValue(config)!));
                var resolverProblems = parse.GetValue(resolver) is { } r ? ResolverConfig.Problems(TextArgument.Read("--resolver", r)) : [];
                foreach (var warning in validation.Warnings)
                    report.WriteLine($"warning: {warning}");
                if (validation.Config is null || resolverProblems.Count > 0)
                {
                    report.WriteLine($"config invalid: {validation.Problems.Count + resolverProblems.Count} problem(s)");
                    foreach (var problem in validation.Problems)
                        report.WriteLine($"  {problem}");
                    foreach (var problem in resolverProblems)
                        report.WriteLine($"  resolver: {problem}");
                    return ExitCodes.Usage;
                }
                report.WriteLine($"config valid: {validation.Config.Describe()}");
                return ExitCodes.Success;
            }
            catch (UsageException e)
            {
                console.WriteLine($"error: {e.Message}");
                return ExitCodes.Usage;
            }
        });
        return command;
    }
}
