using EventRecovery.Core.Verification;

namespace EventRecovery.Job.Pipeline;

/// <summary>
/// What a run is asked to do, as plain values: the command line (or any other front end) fills it in, and
/// <see cref="RunPlan.PrepareAsync"/> checks it against the world and builds the run. Values are in range when they
/// arrive (the command line's validators check each once); the plan checks what needs the world: locations, files,
/// the config, the checkpoint.
/// </summary>
public sealed record RunSpecification
{
    /// <summary>Input locations: paths, globs, <c>s3://</c> prefixes, <c>-</c>.</summary>
    public required IReadOnlyList<string> Inputs { get; init; }

    /// <summary>Where recovered payloads go.</summary>
    public required string Output { get; init; }

    /// <summary>Where failed rows go; null: <c>&lt;Output&gt;/failed</c> when the output holds part files.</summary>
    public string? Failed { get; init; }

    /// <summary>Where unrecoverable rows go; null: <c>&lt;Output&gt;/unrecoverable</c> when the output holds part files.</summary>
    public string? Unrecoverable { get; init; }

    /// <summary>The recovery configuration's JSON text.</summary>
    public required string ConfigText { get; init; }

    /// <summary>How recovered payloads are verified against Iglu.</summary>
    public VerifyMode Verify { get; init; } = VerifyMode.Off;

    /// <summary>The Iglu resolver configuration's JSON, needed unless <see cref="Verify"/> is off.</summary>
    public string? ResolverJson { get; init; }

    /// <summary>Where the summary JSON is written at the end, or null.</summary>
    public string? SummaryJson { get; init; }

    /// <summary>Where the HTML report of the run is written at the end (a path or <c>s3://</c>), or null.</summary>
    public string? Report { get; init; }

    /// <summary>Where progress is committed so that the same run resumes, or null.</summary>
    public string? CheckpointDir { get; init; }

    /// <summary>Time between checkpoints.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Forget the checkpoint and completion marker and start over.</summary>
    public bool Restart { get; init; }

    /// <summary>Keep part files of an earlier run in the output locations and add this run's.</summary>
    public bool Append { get; init; }

    /// <summary>Remove part files of an earlier run from the output locations first.</summary>
    public bool Overwrite { get; init; }

    /// <summary>This run's shard of the inputs, or null for all of them.</summary>
    public (int Index, int Count)? Shard { get; init; }

    /// <summary>Uncompressed inputs larger than this are read as several byte ranges.</summary>
    public long SplitBytes { get; init; } = 256L << 20;

    /// <summary>Size at which an output part file is closed.</summary>
    public long PartBytes { get; init; } = 256L << 20;

    /// <summary>Recovery threads.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>Records in flight before reading waits.</summary>
    public int MaxBuffered { get; init; } = 100_000;

    /// <summary>The longest line handled.</summary>
    public int MaxLineBytes { get; init; } = 10 << 20;

    /// <summary>Time limit of one regex on one value.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A step that changes nothing fails its row.</summary>
    public bool StrictSteps { get; init; }

    /// <summary>Stop at the first corrupt or unreadable input.</summary>
    public bool FailFast { get; init; }

    /// <summary>AWS region, or null for the SDK's resolution.</summary>
    public string? Region { get; init; }

    /// <summary>A custom AWS endpoint, or null.</summary>
    public string? EndpointUrl { get; init; }

    /// <summary>Records per request for sinks that send batches.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>How long a failing write is retried before the run fails.</summary>
    public TimeSpan RetryDeadline { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>The program's version, recorded in recovery_error rows.</summary>
    public required string ProcessorVersion { get; init; }
}
