using System.Text;
using EventRecovery.Testing;
using Xunit.Abstractions;

namespace EventRecovery.Job.Tests.Sinks.Kinesis;

/// <summary>
/// Test payloads: each starts with a unique marker (<c>#run-000042|</c>) followed by random binary bytes (zeros,
/// high bytes, anything: a Thrift payload is binary), so what arrives can be counted by marker and compared byte for byte.
/// </summary>
internal sealed class MarkedRecords
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    public MarkedRecords(int count, int minBytes, int maxBytes, int seed = 1)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var marker = Encoding.ASCII.GetBytes($"#{_run}-{i:D6}|");
            var payload = new byte[Math.Max(marker.Length, random.Next(minBytes, maxBytes + 1))];
            random.NextBytes(payload);
            marker.CopyTo(payload, 0);
            Expected.Add(MarkerOf(payload)!, payload);
        }
    }

    /// <summary>Marker → payload, in writing order.</summary>
    public Dictionary<string, byte[]> Expected { get; } = new(StringComparer.Ordinal);

    public IEnumerable<byte[]> Payloads => Expected.Values;

    public static string? MarkerOf(byte[] data)
    {
        var end = Array.IndexOf(data, (byte)'|');
        return data.Length > 0 && data[0] == '#' && end > 0 ? Encoding.ASCII.GetString(data, 0, end) : null;
    }

    /// <summary>
    /// Asserts every payload arrived, byte-identical, and nothing else did; returns how many arrived more than once
    /// (allowed: delivery is at least once) for the test output.
    /// </summary>
    public int AssertAllArrived(IReadOnlyList<StoredRecord> stored, ITestOutputHelper output)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in stored)
        {
            var marker = MarkerOf(record.Data);
            Assert.True(
                marker is not null && Expected.ContainsKey(marker),
                $"unexpected record of {record.Data.Length} bytes in {record.ShardId}"
            );
            Assert.True(Expected[marker!].AsSpan().SequenceEqual(record.Data), $"{marker} arrived altered");
            seen[marker!] = seen.GetValueOrDefault(marker!) + 1;
        }
        var missing = Expected.Keys.Where(k => !seen.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {Expected.Count} records missing, e.g. {string.Join(", ", missing.Take(5))}");
        var duplicates = seen.Values.Sum(n => n - 1);
        output.WriteLine($"{Expected.Count} records expected, {stored.Count} stored, {duplicates} duplicates");
        return duplicates;
    }
}
