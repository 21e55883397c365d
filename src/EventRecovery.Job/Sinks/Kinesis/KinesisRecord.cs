namespace EventRecovery.Job.Sinks.Kinesis;

/// <summary>One record to put: our own copy of the payload (in a block of its <see cref="KinesisBatch"/>) and its partition key.</summary>
internal readonly record struct KinesisRecord(ArraySegment<byte> Data, string PartitionKey)
{
    /// <summary>What Kinesis counts against its limits: data and key (the key is ASCII).</summary>
    public int Size => Data.Count + PartitionKey.Length;
}
