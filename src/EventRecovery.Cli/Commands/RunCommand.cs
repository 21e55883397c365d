using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using EventRecovery.Cli.Arguments;
using EventRecovery.Core.Configuration;
using EventRecovery.Job.Aws;
using EventRecovery.Job.Checkpoints;
using EventRecovery.Job.Metrics;
using EventRecovery.Job.Pipeline;
using EventRecovery.Job.Reporting;
using EventRecovery.Job.Reporting.Html;
using EventRecovery.Job.Sinks;
using EventRecovery.Job.Sources;

namespace EventRecovery.Cli.Commands;

/// <summary><c>event-recovery run</c>: recover bad rows from inputs into the three outputs.</summary>
internal static class RunCommand
{
    public static Command Create(RunOptions o, TextWriter console)
    {
        var command = new Command(
            "run",
            """
            Recover bad rows: apply the recovery config to every input line and write each line to exactly one
            output: recovered payloads (--output), rows that failed recovery (--failed) or rows that can never be
            recovered (--unrecoverable). A summary follows; exit code 0 even when some rows failed.

            Example:
              event-recovery run --input bad-rows/ --config config.json --output out/
            """
        );
        foreach (var option in o.All())
            command.Add(option);
        o.AddCommandChecks(command);
        command.SetAction((parse, _) => RunAsync(parse, o, console));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, RunOptions o, TextWriter console)
    {
        var started = Stopwatch.StartNew();
        var startedAt = DateTimeOffset.UtcNow;
        RunPlan? plan = null;
        using var aws = new AwsClients(parse.GetValue(o.Region), parse.GetValue(o.EndpointUrl));
        MetricsSettings metricsSettings;
        try
        {
            metricsSettings = o.Metrics.Resolve(
                parse,
                ShardArgument.Resolve(parse.GetValue(o.Shard), parse.GetValue(o.Shards), Environment.GetEnvironmentVariable),
                VersionInfo.Version,
                Environment.GetEnvironmentVariable
            );
            plan = await RunPlan.PrepareAsync(
                Specification(parse, o),
                LocationRegistry.Create(aws),
                console.WriteLine,
                CancellationToken.None
            );
            if (plan.AlreadyComplete)
            {
                console.WriteLine(
                    $"nothing to do: this run already completed (marker in {plan.Checkpoints!.Store.Description}); use --restart to run it again"
                );
                // Tools that read --summary-json find one either way: nothing read, outcome "already-completed".
                await plan.DisposeAsync();
                var empty = RunSummary.From(new RunCounters(), new JobResult(JobEnd.Completed, null), plan.Splits.Count, started.Elapsed);
                var nothing = Describe(empty, plan, startedAt) with { Outcome = "already-completed" };
                return await WriteSummaryJsonAsync(plan.SummaryJson, nothing, console) && await WriteReportAsync(plan, nothing, console)
                    ? ExitCodes.Success
                    : ExitCodes.RuntimeFailure;
            }
            await CheckWritableAsync("--output", plan.Outputs.Recovered.CheckWritableAsync);
            await CheckWritableAsync("--failed", plan.Outputs.Failed.CheckWritableAsync);
            await CheckWritableAsync("--unrecoverable", plan.Outputs.Unrecoverable.CheckWritableAsync);
            // The checkpoint location was checked and taken when the plan was made.
            if (plan.Checkpoints is { } plannedCheckpoints && plan.Restart)
                await plannedCheckpoints.Store.ResetAsync(CancellationToken.None);
        }
        catch (Exception e)
            when (e
                    is UsageException
                        or RunPlanException
                        or InputException
                        or OutputException
                        or ConfigException
                        or CheckpointException
                        or CheckpointLockedException
            )
        {
            console.WriteLine($"error: {e.Message}");
            if (plan is not null)
                await plan.DisposeAsync();
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is IOException or Amazon.Runtime.AmazonServiceException or HttpRequestException)
        {
            // Listing inputs or checking outputs kept failing for reasons outside the arguments (network, service).
            console.WriteLine($"error: {e.Message}");
            if (plan is not null)
                await plan.DisposeAsync();
            return ExitCodes.RuntimeFailure;
        }
        await using var held = plan; // the checkpoint location stays this run's until the end

        using var stop = new CancellationTokenSource();
        var interrupts = 0;
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            if (Interlocked.Increment(ref interrupts) > 1)
                Environment.Exit(ExitCodes.Interrupted);
            console.WriteLine();
            console.WriteLine("stopping: finishing the lines already read and closing outputs (Ctrl-C again to quit at once)");
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            console.WriteLine("SIGTERM: finishing the lines already read and closing outputs");
            stop.Cancel();
        });

        var counters = new RunCounters();
        using var metrics = new JobMetrics(counters, plan.Outputs.Recovered.Instruments, VersionInfo.Version);
        var metricsExporter = MetricsExporters.Start(metricsSettings, metrics, console);
        JobResult result;
        var totalBytes = plan.Splits.Sum(s => s.Length);
        var throughput = new ThroughputSeries();
        await using (var sampler = new ThroughputSampler(counters, throughput))
        await using (var progress = new ProgressReporter(counters, console, interactive: !Console.IsErrorRedirected, totalBytes))
        await using (plan.Outputs)
        {
            progress.Start();
            sampler.Start();
            result = await new RecoveryJob(plan.Recoverer, plan.Job).RunAsync(
                plan.Splits,
                plan.Outputs,
                counters,
                stop.Token,
                plan.Checkpoints
            );
        }
        if (metricsExporter is not null)
            await metricsExporter.DisposeAsync(); // the final export: the figures of the finished run
        Console.CancelKeyPress -= onCancel;

        var summary = Describe(RunSummary.From(counters, result, plan.Splits.Count, started.Elapsed), plan, startedAt) with
        {
            Throughput = throughput.Samples(),
        };
        console.WriteLine(summary.ToText());
        if (plan.Checkpoints is { } checkpoints)
        {
            if (result.End == JobEnd.Completed)
                await checkpoints.Store.MarkCompleteAsync(summary.ToJson(), CancellationToken.None);
            else
                console.WriteLine(await DescribeCheckpointAsync(checkpoints, summary));
        }
        var summaryWritten = await WriteSummaryJsonAsync(plan.SummaryJson, summary, console);
        var reportWritten = await WriteReportAsync(plan, summary, console);
        if (!summaryWritten || !reportWritten)
            return ExitCodes.RuntimeFailure;
        return result.End switch
        {
            JobEnd.Completed => ExitCodes.Success,
            JobEnd.Interrupted => ExitCodes.Interrupted,
            _ => ExitCodes.RuntimeFailure,
        };
    }

    /// <summary>The run the flags ask for; the values were checked by the options' validators.</summary>
    private static RunSpecification Specification(ParseResult parse, RunOptions o)
    {
        var inputs = parse.GetValue(o.Input)!;
        // --input takes several values, so an unknown flag after it arrives here as a value.
        if (
            inputs.FirstOrDefault(i => i.StartsWith("--", StringComparison.Ordinal) && !File.Exists(i) && !Directory.Exists(i)) is { } stray
        )
            throw new UsageException($"unknown flag {stray} (see 'event-recovery run --help')");
        var (verify, resolverJson) = VerifyArgument.Parse(parse.GetValue(o.Verify), parse.GetValue(o.Resolver));
        return new RunSpecification
        {
            Inputs = inputs,
            Output = parse.GetValue(o.Output)!,
            Failed = parse.GetValue(o.Failed),
            Unrecoverable = parse.GetValue(o.Unrecoverable),
            ConfigText = TextArgument.Read("--config", parse.GetValue(o.Config)!),
            Verify = verify,
            ResolverJson = resolverJson,
            SummaryJson = parse.GetValue(o.SummaryJson),
            Report = parse.GetValue(o.Report),
            CheckpointDir = parse.GetValue(o.CheckpointDir),
            CheckpointInterval = TimeSpan.FromSeconds(parse.GetValue(o.CheckpointInterval) ?? 30),
            Restart = parse.GetValue(o.Restart),
            Append = parse.GetValue(o.Append),
            Overwrite = parse.GetValue(o.Overwrite),
            Shard = ShardArgument.Resolve(parse.GetValue(o.Shard), parse.GetValue(o.Shards), Environment.GetEnvironmentVariable),
            SplitBytes = parse.GetValue(o.SplitBytes),
            PartBytes = parse.GetValue(o.PartBytes),
            Workers = parse.GetValue(o.Workers),
            MaxBuffered = parse.GetValue(o.MaxBuffered),
            MaxLineBytes = parse.GetValue(o.MaxLineBytes),
            RegexTimeout = TimeSpan.FromMilliseconds(parse.GetValue(o.RegexTimeoutMs)),
            StrictSteps = parse.GetValue(o.StrictSteps),
            FailFast = parse.GetValue(o.FailFast),
            Region = parse.GetValue(o.Region),
            EndpointUrl = parse.GetValue(o.EndpointUrl),
            BatchSize = parse.GetValue(o.BatchSize),
            RetryDeadline = TimeSpan.FromSeconds(parse.GetValue(o.RetryDeadlineSeconds)),
            ProcessorVersion = VersionInfo.Version,
        };
    }

    /// <summary>What a rerun will do, from what the checkpoint holds (a failed run may have committed nothing).</summary>
    private static async Task<string> DescribeCheckpointAsync(CheckpointPlan checkpoints, RunSummary summary)
    {
        CheckpointState? state;
        try
        {
            state = await checkpoints.Store.LoadAsync(CancellationToken.None);
        }
        catch (Exception e)
            when (e is IOException or UnauthorizedAccessException or CheckpointException or Amazon.Runtime.AmazonServiceException)
        {
            return $"the checkpoint in {checkpoints.Store.Description} cannot be read ({e.Message}): a rerun may start over";
        }
        if (state is null)
            return $"no checkpoint was committed in {checkpoints.Store.Description}: the same command run again starts from the beginning";
        var corrupt = summary.CorruptInputs is { Count: > 0 }
            ? "; the corrupt inputs are recorded in it, and a rerun skips them (--restart reads everything again)"
            : "";
        return $"progress is checkpointed in {checkpoints.Store.Description}: run the same command again to resume{corrupt}";
    }

    /// <summary>Writes <c>--summary-json</c> when asked; false (and a message) when it cannot be written.</summary>
    private static async Task<bool> WriteSummaryJsonAsync(string? path, RunSummary summary, TextWriter console)
    {
        if (path is null)
            return true;
        try
        {
            await File.WriteAllTextAsync(path, summary.ToJson());
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.WriteLine($"error: --summary-json {path}: {e.Message}");
            return false;
        }
    }

    /// <summary>The summary with what the run was given: version, shard, inputs, outputs, config (secrets redacted).</summary>
    private static RunSummary Describe(RunSummary summary, RunPlan plan, DateTimeOffset startedAt) =>
        summary with
        {
            Outputs = plan.OutputLocations,
            Version = VersionInfo.Version,
            Shard = plan.Shard,
            StartedAt = startedAt,
            FinishedAt = DateTimeOffset.UtcNow,
            Inputs = [.. plan.Inputs],
            Config = plan.Config,
            Resolver = plan.Resolver,
        };

    /// <summary>Writes <c>--report</c> when asked; false (and a message) when it cannot be written.</summary>
    private static async Task<bool> WriteReportAsync(RunPlan plan, RunSummary summary, TextWriter console)
    {
        if (plan.Report is not { } location)
            return true;
        try
        {
            var page = ReportPage.Render(ReportData.Of(summary), DateTimeOffset.UtcNow);
            await ReportFile.WriteAsync(location, page, plan.S3, CancellationToken.None);
            console.WriteLine($"report         -> {location}");
            return true;
        }
        catch (Exception e)
            when (e is IOException or UnauthorizedAccessException or OutputException or Amazon.Runtime.AmazonServiceException)
        {
            console.WriteLine($"error: --report {location}: the report could not be written: {e.Message}");
            return false;
        }
    }

    /// <summary>Runs an output's check, naming the flag in its message.</summary>
    private static async Task CheckWritableAsync(string flag, Func<CancellationToken, Task> check)
    {
        try
        {
            await check(CancellationToken.None);
        }
        catch (OutputException e)
        {
            throw new UsageException($"{flag}: {e.Message}");
        }
    }
}
