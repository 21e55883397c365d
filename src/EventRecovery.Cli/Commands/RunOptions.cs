using System.CommandLine;
using EventRecovery.Job.Sources;

namespace EventRecovery.Cli.Commands;

/// <summary>The flags of <c>event-recovery run</c>; names are the Flink job's, so its users only change the program name.</summary>
internal sealed class RunOptions
{
    public readonly Option<string[]> Input = new("--input")
    {
        Description =
            "Bad rows to recover: files, directories (read recursively, hidden files, pipes, sockets and devices skipped), globs such as 'data/**/*.gz', s3://bucket/prefix (every object under it), or '-' for standard input. Repeat the flag or list several values. .gz is decompressed.",
        Required = true,
        AllowMultipleArgumentsPerToken = true,
    };

    public readonly Option<string> Output = new("--output")
    {
        Description =
            "Where recovered payloads go: kinesis://STREAM (raw Thrift records, PutRecords batches), a directory or s3://bucket/prefix (part files, one base64 Thrift payload per line), or '-' for standard output.",
        Required = true,
    };

    public readonly Option<string?> Failed = new("--failed")
    {
        Description =
            "Directory or s3://bucket/prefix for rows that were not recovered (recovery_error bad rows, to fix the config and run again). Default: <output>/failed; required when --output is '-'.",
    };

    public readonly Option<string?> Unrecoverable = new("--unrecoverable")
    {
        Description =
            "Directory or s3://bucket/prefix for rows that can never be recovered (size_violation and other types). Default: <output>/unrecoverable; required when --output is '-'.",
    };

    public readonly Option<string> Config = new("--config")
    {
        Description =
            "Recovery configuration (iglu:com.snowplowanalytics.snowplow/recoveries/jsonschema/4-0-0): a JSON file, or the base64 of its text. Check it first with 'event-recovery validate'.",
        Required = true,
    };

    public readonly Option<string?> Resolver = new("--resolver")
    {
        Description = "Iglu resolver configuration (the one Enrich uses), a file or base64. Used by --verify; validated either way.",
    };

    public readonly Option<string> Verify = new Option<string>("--verify")
    {
        Description =
            "Check each recovered payload as Enrich would (adapter rules, event codes, every self-describing JSON against its schema from --resolver): 'report' counts those that would fail and sends them on, 'strict' sends them to --failed with the reason instead. Needs --resolver.",
        DefaultValueFactory = _ => "off",
    }.AcceptOnlyFromAmong(Arguments.VerifyArgument.Values);

    public readonly Option<string?> SummaryJson = new("--summary-json")
    {
        Description = "Also write the run summary as JSON to this file.",
    };

    public readonly Option<string?> Report = new("--report")
    {
        Description =
            "Also write a report of the run as one self-contained HTML page (figures, charts by type and flow, failure "
            + "groups with example lines, throughput over time, inputs, outputs and the config with secrets redacted) to this file "
            + "or s3://bucket/key.html; written when the run ends, also when it fails part-way (then it says so). "
            + "Opens offline; loads nothing.",
    };

    public readonly Option<string?> Shard = new("--shard")
    {
        Description =
            "Run shard I of N ('I/N', 0-based): input files are assigned to shards deterministically, balanced by size; N runs together cover every file exactly once.",
    };

    public readonly Option<int?> Shards = new("--shards")
    {
        Description =
            "Number of shards, with the index taken from JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch array job).",
    };

    public readonly Option<int> MaxBuffered = new("--max-buffered")
    {
        Description = "Records in flight between reading and writing before reading waits (backpressure). Bounds memory.",
        DefaultValueFactory = _ => 100_000,
    };

    public readonly Option<int> Workers = new("--workers")
    {
        Description = "Threads running the recovery. Default: all cores.",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    public readonly Option<int> MaxLineBytes = new("--max-line-bytes")
    {
        Description = "Longest line handled, in bytes; longer lines go to the failed output with their start and real length.",
        DefaultValueFactory = _ => 10 * 1024 * 1024,
    };

    public readonly Option<int> RegexTimeoutMs = new("--regex-timeout-ms")
    {
        Description = "Longest time one regex of the config may run on one value; a row whose regex runs longer fails with that reason.",
        DefaultValueFactory = _ => 500,
    };

    public readonly Option<long> PartBytes = new("--part-bytes")
    {
        Description = "Size at which an output part file is closed and a new one started.",
        DefaultValueFactory = _ => 256L << 20,
    };

    public readonly Option<string?> Region = new("--region")
    {
        Description = "AWS region (Kinesis, S3). Default: AWS_REGION or AWS_DEFAULT_REGION.",
    };

    public readonly Option<string?> EndpointUrl = new("--endpoint-url")
    {
        Description =
            "Custom AWS endpoint, e.g. a loopback test server. Default: AWS_ENDPOINT_URL_KINESIS / AWS_ENDPOINT_URL_S3 (per service) or AWS_ENDPOINT_URL.",
    };

    public readonly Option<int> BatchSize = new("--batch-size")
    {
        Description = "Kinesis records per PutRecords request, 1..500 (Kinesis output).",
        DefaultValueFactory = _ => 500,
    };

    public readonly Option<int> RetryDeadlineSeconds = new("--retry-deadline")
    {
        Description =
            "Seconds a failing Kinesis write is retried (with exponential backoff) before the run fails loudly; records are never dropped.",
        DefaultValueFactory = _ => 300,
    };

    public readonly Option<int?> CheckpointInterval = new("--checkpoint-interval")
    {
        Description = "Seconds between checkpoints (with --checkpoint-dir). Default: 30.",
    };

    public readonly Option<string?> CheckpointDir = new("--checkpoint-dir")
    {
        Description =
            "Directory or s3://bucket/prefix where progress is committed (per shard: the offset of every input split up to which all outputs are durable), so that the same command run again resumes instead of starting over. A completed run leaves a marker: running it again does nothing unless --restart.",
    };

    public readonly Option<bool> Restart = new("--restart")
    {
        Description = "Forget the checkpoint and completion marker in --checkpoint-dir and start from scratch.",
    };

    public readonly Option<bool> Append = new("--append")
    {
        Description =
            "Write into output locations that already hold part files of an earlier run, keeping them (by default such a run is refused: two runs' parts side by side repeat rows silently).",
    };

    public readonly Option<bool> Overwrite = new("--overwrite")
    {
        Description =
            "Remove the part files an earlier run left in the output locations before writing (each is listed; nothing that is not a part file of this tool is touched).",
    };

    public readonly Option<bool> FailFast = new("--fail-fast")
    {
        Description =
            "Stop the run at the first input that is corrupt or unreadable. By default such an input is recorded (in the summary, the metrics and the checkpoint, which a rerun does not read again unless --restart), its lines before the break are processed, the other inputs are read, and the run exits 1 naming every corrupt input.",
    };

    public readonly Option<bool> StrictSteps = new("--strict-steps")
    {
        Description =
            "A step that changes nothing in a row (a Replace or Remove whose match is not found, a Cast of a value already of its type, a value set to what it was) fails the row, with a reason naming the flow and the step, instead of recovering it unchanged. Either way the summary counts such rows per flow and step ('unchanged').",
    };

    public readonly Option<long> SplitBytes = new("--split-bytes")
    {
        Description =
            "Uncompressed inputs larger than this are cut into byte ranges (on line boundaries) that are read and sharded separately.",
        DefaultValueFactory = _ => SplitPlanner.DefaultSplitBytes,
    };

    /// <summary>--metrics, --metrics-endpoint, --metrics-interval, --job-name.</summary>
    public readonly MetricsOptions Metrics = new();

    /// <summary>The flags' own checks, run by the parser once: a value out of range is a usage error naming the flag.</summary>
    public RunOptions()
    {
        AtLeast(MaxBuffered, 1);
        AtLeast(Workers, 1);
        AtLeast(MaxLineBytes, 1);
        AtLeast(RegexTimeoutMs, 1);
        AtLeast(RetryDeadlineSeconds, 1, " second");
        AtLeast(PartBytes, 1);
        AtLeast(SplitBytes, 1);
        BatchSize.Validators.Add(r =>
        {
            if (Parsed<int>(r) is { } v and (< 1 or > 500))
                r.AddError($"--batch-size {v}: must be between 1 and 500");
        });
        CheckpointInterval.Validators.Add(r =>
        {
            if (Parsed<int>(r) is { } v and < 1)
                r.AddError($"--checkpoint-interval {v}: must be at least 1 second");
        });
    }

    /// <summary>Checks between flags, added to the command: what one flag needs of another.</summary>
    public void AddCommandChecks(System.CommandLine.Command command) =>
        command.Validators.Add(r =>
        {
            var needsCheckpointDir = r.GetValue(CheckpointDir) is null;
            if (needsCheckpointDir && r.GetValue(CheckpointInterval) is not null)
                r.AddError("--checkpoint-interval needs --checkpoint-dir");
            if (needsCheckpointDir && r.GetValue(Restart))
                r.AddError("--restart needs --checkpoint-dir (without it every run starts from scratch)");
            if (r.GetValue(Append) && r.GetValue(Overwrite))
                r.AddError("--append and --overwrite exclude each other: keep the earlier parts, or remove them");
        });

    private static void AtLeast<T>(Option<T> option, T min, string unit = "")
        where T : struct, IComparable<T> =>
        option.Validators.Add(r =>
        {
            if (Parsed<T>(r) is { } value && value.CompareTo(min) < 0)
                r.AddError($"{option.Name} {value}: must be at least {min}{unit}");
        });

    /// <summary>The option's value, or null when it did not parse (the parser reports that error itself, in its own words).</summary>
    private static T? Parsed<T>(System.CommandLine.Parsing.OptionResult result)
        where T : struct
    {
        try
        {
            return result.GetValueOrDefault<T?>();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    public IEnumerable<Option> All() =>
        [
            Input,
            Output,
            Failed,
            Unrecoverable,
            Config,
            Resolver,
            Verify,
            SummaryJson,
            Report,
            Shard,
            Shards,
            MaxBuffered,
            Workers,
            MaxLineBytes,
            RegexTimeoutMs,
            PartBytes,
            SplitBytes,
            Region,
            EndpointUrl,
            BatchSize,
            RetryDeadlineSeconds,
            CheckpointInterval,
            CheckpointDir,
            Restart,
            Append,
            Overwrite,
            FailFast,
            StrictSteps,
            .. Metrics.All(),
        ];
}
