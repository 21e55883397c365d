namespace EventRecovery.Job.Sinks.Kinesis;

/// <summary>One record to put: our own copy of the payload and its partition key.</summary>
internal readonly record struct KinesisRecord(byte[] Data, string PartitionKey)
{
    /// <summary>What Kinesis counts against its limits: data and key (the key is ASCII).</summary>
    public int Size => Data.Length + PartitionKey.Length;
}
