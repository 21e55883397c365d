using System.CommandLine;
using System.Globalization;
using EventRecovery.Cli.Arguments;
using EventRecovery.Core.Configuration;
using EventRecovery.Core.Recovery;
using EventRecovery.Job.Checkpoints;
using EventRecovery.Job.Inputs;
using EventRecovery.Job.Outputs;
using EventRecovery.Job.Outputs.Kinesis;
using EventRecovery.Job.Pipeline;
using EventRecovery.Job.Reporting;

namespace EventRecovery.Cli.Commands;

/// <summary>
/// Everything a run needs, built and checked from the flags before any input is read: the recoverer, the
/// inputs of this shard, the outputs, the checkpoint. Bad flags, config or locations throw <see cref="UsageException"/>.
/// </summary>
internal sealed record RunPlan(Recoverer Recoverer, JobOptions Job, IReadOnlyList<InputSplit> Splits, JobOutputs Outputs, string? SummaryJson,
    CheckpointPlan? Checkpoints, bool AlreadyComplete, bool Restart) : IAsyncDisposable
{
    /// <summary>Where recovered, failed and unrecoverable rows go, for the summary (paths made absolute).</summary>
    public Dictionary<string, string> OutputLocations { get; private init; } = [];

    /// <summary>Where the HTML report goes (<c>--report</c>), checked writable; null when not asked for.</summary>
    public string? Report { get; private init; }

    /// <summary>The recovery config as the report and summary show it (secrets redacted).</summary>
    public ConfigUsed? Config { get; private init; }

    /// <summary>The Iglu resolver config with its secrets redacted; null without <c>--resolver</c>.</summary>
    public string? Resolver { get; private init; }

    /// <summary>The <c>--input</c> values as given.</summary>
    public IReadOnlyList<string> Inputs { get; private init; } = [];

    /// <summary>This run's shard, when sharded.</summary>
    public ShardInfo? Shard { get; private init; }

    /// <summary>The locations' S3 client factory (a report written to S3 uses it).</summary>
    public Func<Amazon.S3.IAmazonS3> S3 { get; private init; } = () => throw new InvalidOperationException("no S3 location in this run");

    /// <summary>This run's hold on its checkpoint location, released when the plan is disposed.</summary>
    public IAsyncDisposable? CheckpointLock { get; private init; }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => CheckpointLock?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>Everything checked before any input is read: flags, config, inputs, outputs, checkpoint.</summary>
    public static async Task<RunPlan> PrepareAsync(ParseResult parse, RunOptions o, TextWriter console)
    {
        var output = parse.GetValue(o.Output)!;
        var toKinesis = KinesisSinkOptions.IsKinesisUri(output);
        foreach (var (flag, value) in new[] { ("--failed", parse.GetValue(o.Failed)), ("--unrecoverable", parse.GetValue(o.Unrecoverable)) })
            if (value is not null && !Locations.HoldsParts(value))
                throw new UsageException($"{flag} {value}: failed and unrecoverable rows go to a directory or an s3:// prefix");
        var locations = new Locations(parse.GetValue(o.Region), parse.GetValue(o.EndpointUrl));
        var checkpointDir = parse.GetValue(o.CheckpointDir);
        var checkpointSeconds = parse.GetValue(o.CheckpointInterval) ?? 30;
        if (checkpointSeconds < 1) throw new UsageException($"--checkpoint-interval {checkpointSeconds}: must be at least 1 second");
        if (checkpointDir is null && parse.GetValue(o.CheckpointInterval) is not null)
            throw new UsageException("--checkpoint-interval needs --checkpoint-dir");
        if (checkpointDir is null && parse.GetValue(o.Restart))
            throw new UsageException("--restart needs --checkpoint-dir (without it every run starts from scratch)");
        var splitBytes = parse.GetValue(o.SplitBytes);
        if (splitBytes < 1) throw new UsageException($"--split-bytes {splitBytes}: must be positive");
        var batchSize = parse.GetValue(o.BatchSize);
        if (batchSize is < 1 or > 500) throw new UsageException($"--batch-size {batchSize}: must be between 1 and 500");
        var maxBuffered = Positive(parse, o.MaxBuffered);
        var workers = Positive(parse, o.Workers);
        var maxLine = Positive(parse, o.MaxLineBytes);
        var regexTimeout = Positive(parse, o.RegexTimeoutMs);
        var partBytes = parse.GetValue(o.PartBytes);
        if (partBytes < 1) throw new UsageException($"--part-bytes {partBytes}: must be positive");

        var summaryJson = parse.GetValue(o.SummaryJson);
        if (summaryJson is not null)
        {
            // Found now rather than after the whole run: the folder must exist and the path must not be one.
            var folder = Path.GetDirectoryName(Path.GetFullPath(summaryJson));
            if (Directory.Exists(summaryJson) || folder is null || !Directory.Exists(folder))
                throw new UsageException($"--summary-json {summaryJson}: {(Directory.Exists(summaryJson) ? "is a directory" : "its folder does not exist")}");
        }

        var report = parse.GetValue(o.Report);

        var outputHoldsParts = !toKinesis && Locations.HoldsParts(output);
        var failed = parse.GetValue(o.Failed) ?? (outputHoldsParts ? Locations.Child(output, "failed") : throw new UsageException($"--failed is required when --output is {output}"));
        var unrecoverable = parse.GetValue(o.Unrecoverable) ?? (outputHoldsParts ? Locations.Child(output, "unrecoverable") : throw new UsageException($"--unrecoverable is required when --output is {output}"));
        var retryDeadline = parse.GetValue(o.RetryDeadlineSeconds);
        if (retryDeadline < 1) throw new UsageException($"--retry-deadline {retryDeadline}: must be at least 1 second");

        var options = new RecoveryOptions
        {
            RegexTimeout = TimeSpan.FromMilliseconds(regexTimeout),
            MaxLineBytes = maxLine,
            MaxPayloadBytes = toKinesis ? KinesisLimits.MaxPayloadBytes : int.MaxValue,
            ProcessorVersion = VersionInfo.Version,
            StrictSteps = parse.GetValue(o.StrictSteps),
        };
        var configText = TextArgument.Read("--config", parse.GetValue(o.Config)!);
        var validation = ConfigLoader.Validate(configText, options);
        if (validation.Config is null)
            throw new UsageException($"--config: the configuration is invalid ({validation.Problems.Count} problem{(validation.Problems.Count == 1 ? "" : "s")}; see 'event-recovery validate'):"
                + string.Concat(validation.Problems.Select(p => Environment.NewLine + "  " + p)));
        var verification = VerifyArgument.Plan(parse.GetValue(o.Verify), parse.GetValue(o.Resolver), options);

        var inputs = parse.GetValue(o.Input)!;
        // --input takes several values, so an unknown flag after it arrives here as a value.
        if (inputs.FirstOrDefault(i => i.StartsWith("--", StringComparison.Ordinal) && !File.Exists(i) && !Directory.Exists(i)) is { } stray)
            throw new UsageException($"unknown flag {stray} (see 'event-recovery run --help')");
        var written = new List<(string, string)> { ("--failed", failed), ("--unrecoverable", unrecoverable) };
        if (outputHoldsParts) written.Insert(0, ("--output", output));
        if (checkpointDir is not null) written.Add(("--checkpoint-dir", checkpointDir));
        if (summaryJson is not null) written.Add(("--summary-json", summaryJson));
        if (report is not null) written.Add(("--report", report));
        if (InputOverlap.Find(inputs, written) is { } overlap) throw new UsageException(overlap);
        if (report is not null)
        {
            // Found now rather than after the whole run.
            try
            {
                await ReportFile.CheckAsync(report, locations.S3Client, CancellationToken.None);
            }
            catch (OutputException e)
            {
                throw new UsageException($"--report: {e.Message}");
            }
        }
        var splits = SplitPlanner.Plan(await locations.ListInputsAsync(inputs, warning => console.WriteLine($"warning: {warning}"), CancellationToken.None), splitBytes);
        if (checkpointDir is not null && splits.FirstOrDefault(s => s.IsStream) is { } stream)
            throw new UsageException($"--checkpoint-dir: {stream.Name} can be read only once, so a run reading it cannot resume; run without --checkpoint-dir");
        var shard = ShardArgument.Resolve(parse.GetValue(o.Shard), parse.GetValue(o.Shards), Environment.GetEnvironmentVariable);
        IReadOnlyList<InputSplit> mine = shard is { } s ? ShardPlan.Select(splits, s.Index, s.Count) : splits;

        var runId = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6]
            + (shard is { } sh ? $"-shard{sh.Index}of{sh.Count}" : "");
        CheckpointPlan? checkpoints = null;
        var alreadyComplete = false;
        var restart = false;
        IAsyncDisposable? checkpointLock = null;
        try
        {
            if (checkpointDir is not null)
            {
                var shardName = shard is { } c ? $"shard-{c.Index}-of-{c.Count}" : "shard-0-of-1";
                var store = locations.Checkpoints(checkpointDir, shardName);
                try
                {
                    await store.CheckWritableAsync(CancellationToken.None);
                }
                catch (OutputException e)
                {
                    throw new UsageException($"--checkpoint-dir: {e.Message}");
                }
                // Before the state is read: no other run may move it on while this one uses it.
                checkpointLock = await store.LockAsync(LockHolder.Current(runId), CancellationToken.None);
                restart = parse.GetValue(o.Restart);
                var fingerprint = Fingerprint(configText, output, failed, unrecoverable, shardName, mine);
                // With --restart the old state is ignored here and deleted only once every check has passed.
                var resume = restart ? null : await store.LoadAsync(CancellationToken.None);
                if (resume is not null && resume.Fingerprint != fingerprint)
                    throw new CheckpointException($"--checkpoint-dir {checkpointDir}: the checkpoint belongs to a different run (the config, outputs or input files changed); use --restart to start over, or another --checkpoint-dir");
                alreadyComplete = !restart && await store.IsCompleteAsync(CancellationToken.None);
                checkpoints = new CheckpointPlan(store, fingerprint, TimeSpan.FromSeconds(checkpointSeconds), resume);
            }

            await CheckPriorPartsAsync(parse, o, locations, console, resuming: checkpoints?.Resume is not null, shard,
                [.. outputHoldsParts ? new[] { ("--output", output, false) } : [], ("--failed", failed, true), ("--unrecoverable", unrecoverable, true)]);

            IRecordSink recovered;
            if (toKinesis)
            {
                try
                {
                    recovered = KinesisSink.Create(KinesisSinkOptions.FromUri(output) with
                    {
                        Region = parse.GetValue(o.Region),
                        EndpointUrl = parse.GetValue(o.EndpointUrl),
                        BatchSize = batchSize,
                        MaxBuffered = Math.Min(maxBuffered, 50_000),
                        RetryDeadline = TimeSpan.FromSeconds(retryDeadline),
                    });
                }
                catch (OutputException e)
                {
                    throw new UsageException($"--output: {e.Message}");
                }
            }
            else if (output == "-") recovered = new Base64Lines(new StreamSink(StandardStreams.OpenOutput(), "standard output"));
            else if (outputHoldsParts) recovered = new Base64Lines(locations.Parts("--output", output, runId, partBytes));
            else throw new UsageException($"--output {output}: expected a directory, s3://bucket/prefix, kinesis://STREAM or '-'");
            var failedRows = locations.BadRows("--failed", failed, runId, partBytes);
            // Failed and unrecoverable rows in one place get one writer: two would give their parts the same names.
            var unrecoverableRows = SameLocation(failed, unrecoverable) ? failedRows : locations.BadRows("--unrecoverable", unrecoverable, runId, partBytes);
            var outputs = new JobOutputs(recovered, failedRows, unrecoverableRows);

            var job = new JobOptions { Workers = workers, MaxBuffered = maxBuffered, MaxLineBytes = maxLine, FailFast = parse.GetValue(o.FailFast), Verification = verification };
            return new RunPlan(new Recoverer(validation.Config, options), job, mine, outputs, summaryJson, checkpoints, alreadyComplete, restart)
            {
                CheckpointLock = checkpointLock,
                Report = report,
                Config = ConfigUsed.Of(configText, ConfigJson(configText)),
                Resolver = parse.GetValue(o.Resolver) is { } resolver
                    ? SecretRedaction.Redact(ResolverConfig.Json(TextArgument.Read("--resolver", resolver)))
                    : null,
                Inputs = inputs,
                Shard = shard is { } sd ? new ShardInfo(sd.Index, sd.Count) : null,
                S3 = locations.S3Client,
                OutputLocations = new(StringComparer.Ordinal)
                {
                    ["recovered"] = output == "-" ? "standard output" : Locations.Canonical(output),
                    ["failed"] = Locations.Canonical(failed),
                    ["unrecoverable"] = Locations.Canonical(unrecoverable),
                },
            };
        }
        catch
        {
            if (checkpointLock is not null) await checkpointLock.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Refuses output locations holding parts of an earlier run, unless resuming that run from its checkpoint, or told
    /// to keep them (<c>--append</c>) or remove them (<c>--overwrite</c>, listing each).
    /// </summary>
    private static async Task CheckPriorPartsAsync(ParseResult parse, RunOptions o, Locations locations, TextWriter console, bool resuming,
        (int Index, int Count)? shard, IReadOnlyList<(string Flag, string Location, bool InSubfolders)> outputs)
    {
        // The other shards of the same job write beside this one, under their own names: those are not another run.
        bool Sibling(string part) => shard is { } s && System.Text.RegularExpressions.Regex.Match(Path.GetFileName(part), @"-shard(\d+)of(\d+)-\d{5}\.txt") is { Success: true } m
            && m.Groups[2].Value == s.Count.ToString(CultureInfo.InvariantCulture) && m.Groups[1].Value != s.Index.ToString(CultureInfo.InvariantCulture);
        var append = parse.GetValue(o.Append);
        var overwrite = parse.GetValue(o.Overwrite);
        if (append && overwrite) throw new UsageException("--append and --overwrite exclude each other: keep the earlier parts, or remove them");
        if (resuming || append) return;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (flag, location, inSubfolders) in outputs)
        {
            if (!seen.Add(Locations.Canonical(location))) continue; // --failed and --unrecoverable may be one place
            var parts = (await locations.PriorPartsAsync(flag, location, inSubfolders, CancellationToken.None)).Where(p => !Sibling(p)).ToList();
            if (parts.Count == 0) continue;
            if (!overwrite)
            {
                var finished = parts.Where(PriorParts.IsFinished).ToList();
                if (finished.Count == 0) continue; // only unfinished parts of a killed run: never read, harmless
                throw new UsageException($"{flag} {location} already holds {finished.Count} part file{(finished.Count == 1 ? "" : "s")} of an earlier run (e.g. {finished[0]}): " +
                    "a second run beside them would repeat rows silently. Add --overwrite to remove them first, --append to keep them and add this run's, or write elsewhere");
            }
            foreach (var part in parts)
            {
                await locations.RemovePartAsync(part, CancellationToken.None);
                console.WriteLine($"--overwrite: removed {part}");
            }
        }
    }

    /// <summary>The config's JSON: the text itself, or decoded from the base64 it was given as (it is valid by now).</summary>
    private static string ConfigJson(string given)
    {
        var text = given.Trim();
        return text.StartsWith('{') ? text : EventRecovery.Core.Codecs.Base64Text.DecodeText(text.Replace("\n", "").Replace("\r", ""));
    }

    private static bool SameLocation(string a, string b)
    {
        static string Normalized(string location) =>
            (location.Contains("://", StringComparison.Ordinal) ? location : Path.GetFullPath(location)).TrimEnd('/');
        return Normalized(a) == Normalized(b);
    }

    /// <summary>What makes a run the same run: config, outputs, shard and the exact list of splits.</summary>
    private static string Fingerprint(string config, string output, string failed, string unrecoverable, string shard, IReadOnlyList<InputSplit> splits)
    {
        var text = string.Join('\n', new[] { config, Locations.Canonical(output), Locations.Canonical(failed), Locations.Canonical(unrecoverable), shard }
            .Concat(splits.Select(s => $"{s.Id}:{s.ObjectLength}")));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    private static int Positive(ParseResult parse, Option<int> option)
    {
        var value = parse.GetValue(option);
        return value >= 1 ? value : throw new UsageException($"{option.Name} {value}: must be at least 1");
    }
}
