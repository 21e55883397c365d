using EventRecovery.Job.Sinks.Kinesis;

namespace EventRecovery.Job.Tests.Sinks.Kinesis;

public sealed class PartitionKeysTests
{
    [Fact]
    public void A_key_is_32_hex_characters_from_the_payload_bytes()
    {
        var key = PartitionKeys.For([1, 2, 3]);
        Assert.Equal(PartitionKeys.Length, key.Length);
        Assert.Matches("^[0-9a-f]{32}$", key);
        Assert.Equal(key, PartitionKeys.For([1, 2, 3]));
        Assert.NotEqual(key, PartitionKeys.For([1, 2, 4]));
        Assert.Equal(KinesisLimits.MaxRecordBytes - 32, KinesisLimits.MaxPayloadBytes);
    }
}
