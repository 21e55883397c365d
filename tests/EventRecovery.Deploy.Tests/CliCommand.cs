using System.CommandLine;
using EventRecovery.Cli;
using EventRecovery.Cli.Arguments;
using EventRecovery.Cli.Commands;
using EventRecovery.Job.Metrics;

namespace EventRecovery.Deploy.Tests;

/// <summary>A command line of a rendered template, parsed by the program's own root command.</summary>
internal sealed class CliCommand
{
    private readonly RunOptions _run = new();

    public CliCommand(IReadOnlyList<string> args)
    {
        Args = args;
        Parse = CliRoot.Create(TextWriter.Null, TextWriter.Null, _run).Parse(args.ToArray());
        Assert.True(
            Parse.Errors.Count == 0,
            "parse errors: " + string.Join("; ", Parse.Errors.Select(e => e.Message)) + "\nin: " + string.Join(' ', args)
        );
        Assert.Equal("run", Parse.CommandResult.Command.Name);
        Assert.Empty(Parse.UnmatchedTokens);
    }

    public IReadOnlyList<string> Args { get; }

    public ParseResult Parse { get; }

    public string? Input => Assert.Single(Parse.GetValue(_run.Input)!);
    public string? Output => Parse.GetValue(_run.Output);
    public string? Failed => Parse.GetValue(_run.Failed);
    public string? Unrecoverable => Parse.GetValue(_run.Unrecoverable);
    public string? Config => Parse.GetValue(_run.Config);
    public string? Resolver => Parse.GetValue(_run.Resolver);
    public string? Region => Parse.GetValue(_run.Region);
    public string? CheckpointDir => Parse.GetValue(_run.CheckpointDir);
    public int? CheckpointInterval => Parse.GetValue(_run.CheckpointInterval);
    public int? Shards => Parse.GetValue(_run.Shards);
    public string? Shard => Parse.GetValue(_run.Shard);

    /// <summary>The shard this command runs, given the orchestrator's environment, as the program resolves it.</summary>
    public (int Index, int Count)? ResolveShard(Dictionary<string, string> environment) =>
        ShardArgument.Resolve(Shard, Shards, environment.GetValueOrDefault);

    /// <summary>The metrics settings, as the program resolves them (throws on a bad value).</summary>
    public MetricsSettings Metrics(Dictionary<string, string> environment) =>
        _run.Metrics.Resolve(Parse, ResolveShard(environment), VersionInfo.Version, environment.GetValueOrDefault);
}
