namespace EventRecovery.Job.Sinks;

/// <summary>
/// One kind of output location (a directory, <c>s3://</c>, <c>kinesis://</c>, <c>-</c>), chosen by the location's
/// scheme through <see cref="Pipeline.LocationRegistry"/>. A new kind of output is a folder beside <c>Files/</c>,
/// <c>S3/</c>, <c>Kinesis/</c> and <c>Stdout/</c> with one class implementing this (and <see cref="IPartStore"/> if
/// it holds part files), added to the registry.
/// </summary>
public interface ISinkScheme
{
    /// <summary>Whether this kind writes to <paramref name="location"/> (decided by its scheme alone).</summary>
    bool Handles(string location);

    /// <summary>
    /// The sink of recovered payloads at <paramref name="location"/>, not yet checked (the job calls
    /// <see cref="IRecordSink.CheckWritableAsync"/> before reading). A malformed location throws
    /// <see cref="Pipeline.RunPlanException"/> or <see cref="OutputException"/>.
    /// </summary>
    IRecordSink OpenRecovered(string location, SinkSettings settings);

    /// <summary>The part files of this kind of location, or null when it holds none (a stream, standard output).</summary>
    IPartStore? Parts { get; }

    /// <summary>The largest record this kind accepts; a payload over it is not sent and its row fails with the reason.</summary>
    int MaxRecordBytes => int.MaxValue;
}

/// <summary>A place that holds part files (a directory, an S3 prefix): the recovered payloads, failed and unrecoverable rows.</summary>
public interface IPartStore
{
    /// <summary>Failed or unrecoverable rows at <paramref name="location"/>, one folder per bad row schema.</summary>
    BadRowOutput OpenBadRows(string flag, string location, SinkSettings settings);

    /// <summary>A location inside <paramref name="parent"/> (e.g. <c>&lt;output&gt;/failed</c>).</summary>
    string Child(string parent, string name);

    /// <summary>
    /// Part files an earlier run left at <paramref name="location"/>, as paths or <c>s3://</c> URIs; with
    /// <paramref name="inSubfolders"/>, in its folders too.
    /// </summary>
    Task<IReadOnlyList<string>> PriorPartsAsync(string flag, string location, bool inSubfolders, CancellationToken cancellationToken);

    /// <summary>Removes one part file that <see cref="PriorPartsAsync"/> found.</summary>
    Task RemovePartAsync(string part, CancellationToken cancellationToken);
}

/// <summary>What every sink of one run shares.</summary>
/// <param name="RunId">The run's id, in every part file name.</param>
/// <param name="PartBytes">Size at which a part file is closed and the next started.</param>
/// <param name="BatchSize">Records per request, for sinks that send batches.</param>
/// <param name="MaxBuffered">Records in flight before writing waits.</param>
/// <param name="RetryDeadline">How long a failing write is retried before the run fails.</param>
public sealed record SinkSettings(
    string RunId,
    long PartBytes,
    int BatchSize = 500,
    int MaxBuffered = 50_000,
    TimeSpan RetryDeadline = default
);
