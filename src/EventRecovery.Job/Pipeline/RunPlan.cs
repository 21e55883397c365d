using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Verification;
using EventRecovery.Job.Checkpoints;
using EventRecovery.Job.Reporting;
using EventRecovery.Job.Sinks;
using EventRecovery.Job.Sources;
using EventRecovery.Job.Verification;

namespace EventRecovery.Job.Pipeline;

/// <summary>
/// Everything a run needs, built and checked from a <see cref="RunSpecification"/> before any input is read: the
/// recoverer, the inputs of this shard, the outputs, the checkpoint. What is wrong throws
/// <see cref="RunPlanException"/> (or the <see cref="ConfigException"/>, <see cref="InputException"/>,
/// <see cref="CheckpointException"/> of the part that found it). Dispose to release the checkpoint location.
/// </summary>
public sealed record RunPlan(
    Recoverer Recoverer,
    JobOptions Job,
    IReadOnlyList<InputSplit> Splits,
    JobOutputs Outputs,
    string? SummaryJson,
    CheckpointPlan? Checkpoints,
    bool AlreadyComplete,
    bool Restart
) : IAsyncDisposable
{
    /// <summary>Where recovered, failed and unrecoverable rows go, for the summary (paths made absolute).</summary>
    public Dictionary<string, string> OutputLocations { get; private init; } = [];

    /// <summary>This run's hold on its checkpoint location, released when the plan is disposed.</summary>
    public IAsyncDisposable? CheckpointLock { get; private init; }

    /// <summary>Where the HTML report goes (<c>--report</c>), checked writable; null when not asked for.</summary>
    public string? Report { get; private init; }

    /// <summary>The recovery config as the report and summary show it (secrets redacted).</summary>
    public ConfigUsed? Config { get; private init; }

    /// <summary>The Iglu resolver config with its secrets redacted; null without a resolver.</summary>
    public string? Resolver { get; private init; }

    /// <summary>The input locations as given.</summary>
    public IReadOnlyList<string> Inputs { get; private init; } = [];

    /// <summary>This run's shard, when sharded.</summary>
    public ShardInfo? Shard { get; private init; }

    /// <summary>The run's S3 client, made on first use (a report written to S3 uses it).</summary>
    public Func<Amazon.S3.IAmazonS3> S3 { get; private init; } = () => throw new InvalidOperationException("no S3 location in this run");

    /// <summary>The run's id, in every part file name.</summary>
    public string RunId { get; private init; } = "";

    /// <inheritdoc />
    public ValueTask DisposeAsync() => CheckpointLock?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>
    /// Checks <paramref name="spec"/> against the world and builds the run; <paramref name="log"/> hears what is skipped
    /// (as <c>warning: …</c>) and what <c>--overwrite</c> removed.
    /// </summary>
    public static async Task<RunPlan> PrepareAsync(
        RunSpecification spec,
        LocationRegistry locations,
        Action<string> log,
        CancellationToken cancellationToken
    )
    {
        var output = locations.Sink("--output", spec.Output);
        foreach (var (flag, value) in new[] { ("--failed", spec.Failed), ("--unrecoverable", spec.Unrecoverable) })
            if (value is not null)
                locations.Parts(flag, value);
        if (spec.SummaryJson is { } summaryJson)
        {
            // Found now rather than after the whole run: the folder must exist and the path must not be one.
            var folder = Path.GetDirectoryName(Path.GetFullPath(summaryJson));
            if (Directory.Exists(summaryJson) || folder is null || !Directory.Exists(folder))
                throw new RunPlanException(
                    $"--summary-json {summaryJson}: {(Directory.Exists(summaryJson) ? "is a directory" : "its folder does not exist")}"
                );
        }

        var failed = spec.Failed
            ?? (
                output.Parts is { } p1
                    ? p1.Child(spec.Output, "failed")
                    : throw new RunPlanException($"--failed is required when --output is {spec.Output}")
            );
        var unrecoverable = spec.Unrecoverable
            ?? (
                output.Parts is { } p2
                    ? p2.Child(spec.Output, "unrecoverable")
                    : throw new RunPlanException($"--unrecoverable is required when --output is {spec.Output}")
            );

        var options = new RecoveryOptions
        {
            RegexTimeout = spec.RegexTimeout,
            MaxLineBytes = spec.MaxLineBytes,
            MaxPayloadBytes = output.MaxRecordBytes,
            ProcessorVersion = spec.ProcessorVersion,
            StrictSteps = spec.StrictSteps,
        };
        var validation = ConfigLoader.Validate(spec.ConfigText, options);
        if (validation.Config is null)
            throw new RunPlanException(
                $"--config: the configuration is invalid ({Plural(validation.Problems.Count, "problem")}; see 'event-recovery validate'):"
                    + string.Concat(validation.Problems.Select(p => Environment.NewLine + "  " + p))
            );
        RunVerification? verification = null;
        if (spec.Verify != VerifyMode.Off)
            verification = RunVerification.Create(
                spec.Verify,
                spec.ResolverJson ?? throw new RunPlanException("--verify needs --resolver: the Iglu resolver configuration Enrich uses"),
                options
            );

        var written = new List<(string, string)> { ("--failed", failed), ("--unrecoverable", unrecoverable) };
        if (output.Parts is not null)
            written.Insert(0, ("--output", spec.Output));
        if (spec.CheckpointDir is not null)
            written.Add(("--checkpoint-dir", spec.CheckpointDir));
        if (spec.SummaryJson is not null)
            written.Add(("--summary-json", spec.SummaryJson));
        if (spec.Report is not null)
            written.Add(("--report", spec.Report));
        if (InputOverlap.Find(spec.Inputs, written) is { } overlap)
            throw new RunPlanException(overlap);
        if (spec.Report is { } report)
        {
            // Found now rather than after the whole run.
            try
            {
                await ReportFile.CheckAsync(report, locations.S3, cancellationToken).ConfigureAwait(false);
            }
            catch (OutputException e)
            {
                throw new RunPlanException($"--report: {e.Message}");
            }
        }
        var splits = SplitPlanner.Plan(
            await locations.ListInputsAsync(spec.Inputs, w => log($"warning: {w}"), cancellationToken).ConfigureAwait(false),
            spec.SplitBytes
        );
        if (spec.CheckpointDir is not null && splits.FirstOrDefault(s => s.IsStream) is { } stream)
            throw new RunPlanException(
                $"--checkpoint-dir: {stream.Name} can be read only once, so a run reading it cannot resume; run without --checkpoint-dir"
            );
        IReadOnlyList<InputSplit> mine = spec.Shard is { } s ? ShardPlan.Select(splits, s.Index, s.Count) : splits;

        var runId =
            DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)
            + "-"
            + Guid.NewGuid().ToString("N")[..6]
            + (spec.Shard is { } sh ? $"-shard{sh.Index}of{sh.Count}" : "");
        CheckpointPlan? checkpoints = null;
        var alreadyComplete = false;
        IAsyncDisposable? checkpointLock = null;
        try
        {
            if (spec.CheckpointDir is { } checkpointDir)
            {
                var shardName = spec.Shard is { } c ? $"shard-{c.Index}-of-{c.Count}" : "shard-0-of-1";
                var store = locations.Checkpoints(checkpointDir, shardName);
                try
                {
                    await store.CheckWritableAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OutputException e)
                {
                    throw new RunPlanException($"--checkpoint-dir: {e.Message}");
                }
                // Before the state is read: no other run may move it on while this one uses it.
                checkpointLock = await store.LockAsync(LockHolder.Current(runId), cancellationToken).ConfigureAwait(false);
                var fingerprint = Fingerprint(spec.ConfigText, spec.Output, failed, unrecoverable, shardName, mine);
                // With --restart the old state is ignored here and deleted only once every check has passed.
                var resume = spec.Restart ? null : await store.LoadAsync(cancellationToken).ConfigureAwait(false);
                if (resume is not null && resume.Fingerprint != fingerprint)
                    throw new CheckpointException(
                        $"--checkpoint-dir {checkpointDir}: the checkpoint belongs to a different run (the config, outputs or input files changed); use --restart to start over, or another --checkpoint-dir"
                    );
                alreadyComplete = !spec.Restart && await store.IsCompleteAsync(cancellationToken).ConfigureAwait(false);
                checkpoints = new CheckpointPlan(store, fingerprint, spec.CheckpointInterval, resume);
            }

            var partOutputs = new List<(string Flag, string Location, bool InSubfolders)>();
            if (output.Parts is not null)
                partOutputs.Add(("--output", spec.Output, false));
            partOutputs.Add(("--failed", failed, true));
            partOutputs.Add(("--unrecoverable", unrecoverable, true));
            await CheckPriorPartsAsync(spec, locations, log, resuming: checkpoints?.Resume is not null, partOutputs, cancellationToken)
                .ConfigureAwait(false);

            var settings = new SinkSettings(runId, spec.PartBytes, spec.BatchSize, Math.Min(spec.MaxBuffered, 50_000), spec.RetryDeadline);
            IRecordSink recovered;
            try
            {
                recovered = output.OpenRecovered(spec.Output, settings);
            }
            catch (OutputException e)
            {
                throw new RunPlanException($"--output: {e.Message}");
            }
            var failedRows = locations.Parts("--failed", failed).OpenBadRows("--failed", failed, settings);
            // Failed and unrecoverable rows in one place get one writer: two would give their parts the same names.
            var unrecoverableRows = SameLocation(failed, unrecoverable)
                ? failedRows
                : locations.Parts("--unrecoverable", unrecoverable).OpenBadRows("--unrecoverable", unrecoverable, settings);
            var outputs = new JobOutputs(recovered, failedRows, unrecoverableRows);

            var job = new JobOptions
            {
                Workers = spec.Workers,
                MaxBuffered = spec.MaxBuffered,
                MaxLineBytes = spec.MaxLineBytes,
                FailFast = spec.FailFast,
                Verification = verification,
            };
            return new RunPlan(
                new Recoverer(validation.Config, options),
                job,
                mine,
                outputs,
                spec.SummaryJson,
                checkpoints,
                alreadyComplete,
                spec.Restart
            )
            {
                CheckpointLock = checkpointLock,
                RunId = runId,
                Report = spec.Report,
                Config = ConfigUsed.Of(spec.ConfigText, ConfigLoader.JsonText(spec.ConfigText)),
                Resolver = spec.ResolverJson is { } resolver ? SecretRedaction.Redact(resolver) : null,
                Inputs = spec.Inputs,
                Shard = spec.Shard is { } sd ? new ShardInfo(sd.Index, sd.Count) : null,
                S3 = locations.S3,
                OutputLocations = new(StringComparer.Ordinal)
                {
                    ["recovered"] = spec.Output == "-" ? "standard output" : LocationRegistry.Canonical(spec.Output),
                    ["failed"] = LocationRegistry.Canonical(failed),
                    ["unrecoverable"] = LocationRegistry.Canonical(unrecoverable),
                },
            };
        }
        catch
        {
            if (checkpointLock is not null)
                await checkpointLock.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Refuses output locations holding parts of an earlier run, unless resuming that run from its checkpoint, or told
    /// to keep them (<c>--append</c>) or remove them (<c>--overwrite</c>, listing each).
    /// </summary>
    private static async Task CheckPriorPartsAsync(
        RunSpecification spec,
        LocationRegistry locations,
        Action<string> log,
        bool resuming,
        IReadOnlyList<(string Flag, string Location, bool InSubfolders)> outputs,
        CancellationToken cancellationToken
    )
    {
        // The other shards of the same job write beside this one, under their own names: those are not another run.
        bool Sibling(string part) =>
            spec.Shard is { } s
            && Regex.Match(Path.GetFileName(part), @"-shard(\d+)of(\d+)-\d{5}\.txt") is { Success: true } m
            && m.Groups[2].Value == s.Count.ToString(CultureInfo.InvariantCulture)
            && m.Groups[1].Value != s.Index.ToString(CultureInfo.InvariantCulture);
        if (spec.Append && spec.Overwrite)
            throw new RunPlanException("--append and --overwrite exclude each other: keep the earlier parts, or remove them");
        if (resuming || spec.Append)
            return;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (flag, location, inSubfolders) in outputs)
        {
            if (!seen.Add(LocationRegistry.Canonical(location)))
                continue; // --failed and --unrecoverable may be one place
            var store = locations.Parts(flag, location);
            var parts = (await store.PriorPartsAsync(flag, location, inSubfolders, cancellationToken).ConfigureAwait(false))
                .Where(p => !Sibling(p))
                .ToList();
            if (parts.Count == 0)
                continue;
            if (!spec.Overwrite)
            {
                var finished = parts.Where(PriorParts.IsFinished).ToList();
                if (finished.Count == 0)
                    continue; // only unfinished parts of a killed run: never read, harmless
                throw new RunPlanException(
                    $"{flag} {location} already holds {Plural(finished.Count, "part file")} of an earlier run (e.g. {finished[0]}): "
                        + "a second run beside them would repeat rows silently. Add --overwrite to remove them first, --append to keep them and add this run's, or write elsewhere"
                );
            }
            foreach (var part in parts)
            {
                await store.RemovePartAsync(part, cancellationToken).ConfigureAwait(false);
                log($"--overwrite: removed {part}");
            }
        }
    }

    private static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

    private static bool SameLocation(string a, string b) =>
        LocationRegistry.Canonical(a).TrimEnd('/') == LocationRegistry.Canonical(b).TrimEnd('/');

    /// <summary>What makes a run the same run: config, outputs, shard and the exact list of splits.</summary>
    private static string Fingerprint(
        string config,
        string output,
        string failed,
        string unrecoverable,
        string shard,
        IReadOnlyList<InputSplit> splits
    )
    {
        var text = string.Join(
            '\n',
            new[]
            {
                config,
                LocationRegistry.Canonical(output),
                LocationRegistry.Canonical(failed),
                LocationRegistry.Canonical(unrecoverable),
                shard,
            }.Concat(splits.Select(s => $"{s.Id}:{s.ObjectLength}"))
        );
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
