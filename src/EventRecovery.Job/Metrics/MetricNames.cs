namespace EventRecovery.Job.Metrics;

/// <summary>
/// The job's metrics: the meter name and every instrument name. The first four are the seed job's names
/// (<c>numRecordsIn = events_recovered + events_failed + events_unrecoverable</c>); every value is a counter,
/// cumulative since the start of the run (see docs/operations.md, "Metrics").
/// </summary>
public static class MetricNames
{
    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name all instruments are published under.</summary>
    public const string Meter = "event-recovery";

    /// <summary>Records (non-blank input lines) whose outcome has been written.</summary>
    public const string RecordsIn = "numRecordsIn";

    /// <summary>Records recovered: their payload was written to the recovered output.</summary>
    public const string Recovered = "events_recovered";

    /// <summary>Records that failed recovery (written to the failed output).</summary>
    public const string Failed = "events_failed";

    /// <summary>Records that can never be recovered (written to the unrecoverable output).</summary>
    public const string Unrecoverable = "events_unrecoverable";

    /// <summary>Input bytes read, as stored (compressed bytes for gzip).</summary>
    public const string InputBytes = "input_bytes";

    /// <summary>Input splits (files, objects, byte ranges) read to the end.</summary>
    public const string InputSplitsDone = "input_splits_done";

    /// <summary>Input splits that broke off while read (corrupt or unreadable), this run's and those an earlier run recorded.</summary>
    public const string InputSplitsCorrupt = "input_splits_corrupt";

    /// <summary>Blank input lines, skipped and not counted in <see cref="RecordsIn"/>.</summary>
    public const string BlankLines = "blank_lines";

    /// <summary>Output part files (or objects) completed: renamed to their final name.</summary>
    public const string PartsWritten = "parts_written";

    /// <summary>S3 operations retried after a transient error (uploads, ranged downloads, listings, checkpoint writes).</summary>
    public const string S3Retries = "s3_retries";

    /// <summary>Records Kinesis acknowledged.</summary>
    public const string KinesisRecordsSent = "kinesis_records_sent";

    /// <summary>Payload bytes of the records Kinesis acknowledged.</summary>
    public const string KinesisBytesSent = "kinesis_bytes_sent";

    /// <summary>PutRecords requests sent, retries included.</summary>
    public const string KinesisRequests = "kinesis_requests";

    /// <summary>PutRecords retry attempts.</summary>
    public const string KinesisRetries = "kinesis_retries";

    /// <summary>Records throttled by Kinesis (ProvisionedThroughputExceeded, one by one or as a whole request).</summary>
    public const string KinesisThrottles = "kinesis_throttles";

    /// <summary>PutRecords requests that failed as a whole (error response, timeout, broken connection).</summary>
    public const string KinesisFailedRequests = "kinesis_failed_requests";

    /// <summary>Every name, in the order exports list them.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        RecordsIn,
        Recovered,
        Failed,
        Unrecoverable,
        InputBytes,
        InputSplitsDone,
        InputSplitsCorrupt,
        BlankLines,
        PartsWritten,
        S3Retries,
        KinesisRecordsSent,
        KinesisBytesSent,
        KinesisRequests,
        KinesisRetries,
        KinesisThrottles,
        KinesisFailedRequests,
    ];

    /// <summary>OpenTelemetry unit of byte counters (UCUM); everything else counts things.</summary>
    public const string BytesUnit = "By";
}
