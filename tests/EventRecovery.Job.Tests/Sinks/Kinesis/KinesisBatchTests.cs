using EventRecovery.Job.Sinks.Kinesis;

namespace EventRecovery.Job.Tests.Sinks.Kinesis;

public sealed class KinesisBatchTests
{
    [Fact]
    public void Every_record_keeps_its_own_bytes_and_key_across_growing_blocks()
    {
        var random = new Random(7);
        // From empty to the largest payload Kinesis takes with its key: small ones fill the first blocks, large ones
        // need a block of their own.
        int[] sizes = [0, 1, 100, 16 << 10, (16 << 10) + 1, 300_000, KinesisLimits.MaxPayloadBytes, 5, 70_000];
        var payloads = sizes
            .Select(size =>
            {
                var bytes = new byte[size];
                random.NextBytes(bytes);
                return bytes;
            })
            .ToList();
        var batch = new KinesisBatch();
        var source = new byte[KinesisLimits.MaxPayloadBytes];
        foreach (var payload in payloads)
        {
            // One buffer for every write, as a caller reusing its memory: the batch must have taken a copy.
            payload.CopyTo(source, 0);
            batch.Add(source.AsSpan(0, payload.Length));
            source.AsSpan().Fill(0xEE);
        }

        Assert.Equal(payloads.Count, batch.Count);
        for (var i = 0; i < payloads.Count; i++)
        {
            Assert.True(payloads[i].AsSpan().SequenceEqual(batch.Records[i].Data), $"record {i} ({sizes[i]} bytes) altered");
            Assert.Equal(PartitionKeys.For(payloads[i]), batch.Records[i].PartitionKey);
        }
        Assert.Equal(payloads.Sum(p => (long)p.Length + PartitionKeys.Length), batch.Size);

        batch.Release();
        Assert.Equal(0, batch.Count);
        Assert.Equal(0, batch.Size);
    }
}
