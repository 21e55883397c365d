namespace EventRecovery.Bench.Corpus;

/// <summary>
/// SplitMix64: a tiny seeded generator whose sequence never changes between .NET versions (unlike
/// <see cref="Random"/>'s algorithm choice), so a seed always gives the same corpus, byte for byte.
/// </summary>
internal sealed class Rng(ulong seed)
{
    private ulong _state = seed;

    public ulong NextULong()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>0 ≤ result &lt; <paramref name="n"/>.</summary>
    public int Next(int n) => (int)(NextULong() % (ulong)n);

    /// <summary><paramref name="min"/> ≤ result &lt; <paramref name="max"/>.</summary>
    public int Next(int min, int max) => min + Next(max - min);

    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(T[] items) => items[Next(items.Length)];

    public string Uuid()
    {
        Span<byte> b = stackalloc byte[16];
        BitConverter.TryWriteBytes(b, NextULong());
        BitConverter.TryWriteBytes(b[8..], NextULong());
        b[7] = (byte)((b[7] & 0x0F) | 0x40); // version 4 (Guid's byte order puts the version in byte 7)
        b[8] = (byte)((b[8] & 0x3F) | 0x80);
        return new Guid(b).ToString("D");
    }

    public string Hex(int chars)
    {
        const string digits = "0123456789abcdef";
        return string.Create(chars, this, (span, rng) =>
        {
            for (var i = 0; i < span.Length; i++)
                span[i] = digits[rng.Next(16)];
        });
    }

    public string Ipv4() => $"{Next(1, 224)}.{Next(256)}.{Next(256)}.{Next(1, 255)}";
}
