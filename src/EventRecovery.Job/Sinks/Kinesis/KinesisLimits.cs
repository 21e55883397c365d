namespace EventRecovery.Job.Sinks.Kinesis;

/// <summary>Service limits of Kinesis Data Streams that shape how records are batched.</summary>
public static class KinesisLimits
{
    /// <summary>Records in one PutRecords request.</summary>
    public const int MaxRecordsPerRequest = 500;

    /// <summary>Bytes in one PutRecords request, data and partition keys counted (not the base64 of the JSON body).</summary>
    public const int MaxRequestBytes = 5 * 1024 * 1024;

    /// <summary>Bytes of one record, data and partition key counted.</summary>
    public const int MaxRecordBytes = 1024 * 1024;

    /// <summary>
    /// Largest payload the sink accepts: <see cref="MaxRecordBytes"/> less the partition key it derives. Rows whose
    /// payload is larger must go to the failed output before they reach the sink.
    /// </summary>
    public const int MaxPayloadBytes = MaxRecordBytes - PartitionKeys.Length;
}
