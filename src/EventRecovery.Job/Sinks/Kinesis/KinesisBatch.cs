using System.Buffers;

namespace EventRecovery.Job.Sinks.Kinesis;

/// <summary>
/// The records of one PutRecords batch, their payloads copied into a few blocks rented from the shared array pool
/// and given back once the batch is stored (<see cref="Release"/>): an array per record, garbage a few milliseconds
/// later, was most of the sink's allocation and of the collector's work. Blocks grow from small to 1 MiB, so a batch
/// cut short (by the batch delay, or by backpressure) holds little more than its records. A batch that is never
/// stored (the sink failed or was disposed) is left to the collector: its blocks are simply not reused.
/// </summary>
internal sealed class KinesisBatch
{
    private const int FirstBlockBytes = 16 << 10;
    private const int MaxBlockBytes = 1 << 20;
    private readonly List<byte[]> _blocks = [];
    private int _used;

    /// <summary>The records, in the order written.</summary>
    public List<KinesisRecord> Records { get; } = [];

    /// <summary>Records in the batch.</summary>
    public int Count => Records.Count;

    /// <summary>What Kinesis counts against the request limit: every record's data and key.</summary>
    public long Size { get; private set; }

    /// <summary>Copies <paramref name="payload"/> into the batch, with its partition key.</summary>
    public void Add(ReadOnlySpan<byte> payload)
    {
        var block = _blocks.Count > 0 ? _blocks[^1] : null;
        if (block is null || block.Length - _used < payload.Length)
        {
            var next = block is null ? FirstBlockBytes : Math.Min(MaxBlockBytes, block.Length * 2);
            block = ArrayPool<byte>.Shared.Rent(Math.Max(next, payload.Length));
            _blocks.Add(block);
            _used = 0;
        }
        payload.CopyTo(block.AsSpan(_used));
        var record = new KinesisRecord(new ArraySegment<byte>(block, _used, payload.Length), PartitionKeys.For(payload));
        _used += payload.Length;
        Records.Add(record);
        Size += record.Size;
    }

    /// <summary>Gives the blocks back: called once the batch is stored, when no record of it is read again.</summary>
    public void Release()
    {
        foreach (var block in _blocks)
            ArrayPool<byte>.Shared.Return(block);
        _blocks.Clear();
        Records.Clear();
        Size = 0;
        _used = 0;
    }
}
