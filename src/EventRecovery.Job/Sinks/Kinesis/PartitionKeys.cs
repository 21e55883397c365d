using System.Security.Cryptography;

namespace EventRecovery.Job.Sinks.Kinesis;

/// <summary>
/// Partition keys derived from the payload bytes: the hex of the first 128 bits of their SHA-256. Kinesis maps a key
/// to a shard by the MD5 of the key, so keys that look random spread records evenly over every shard; the same
/// payload always gets the same key, so a repeated record lands on the same shard as its first copy.
/// </summary>
public static class PartitionKeys
{
    /// <summary>Characters of every key (ASCII, so also its length in bytes).</summary>
    public const int Length = 32;

    /// <summary>The key of one payload.</summary>
    public static string For(ReadOnlySpan<byte> payload)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(payload, hash);
        return Convert.ToHexStringLower(hash[..(Length / 2)]);
    }
}
