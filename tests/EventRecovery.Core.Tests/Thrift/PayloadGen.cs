using System.Text;
using EventRecovery.Core.Payloads;
using FsCheck;
using FsCheck.Fluent;

namespace EventRecovery.Core.Tests.Thrift;

/// <summary>FsCheck generators for arbitrary, encodable <see cref="CollectorPayload"/> values.</summary>
public static class PayloadGen
{
    // Scalar values from every UTF-8 length class (1..4 bytes), skipping surrogates: a .NET string holding a
    // lone surrogate has no UTF-8 form, and Encode rejects it by design (tested separately).
    private static readonly Gen<Rune> AnyRune = Gen.Frequency(
            (4, Gen.Choose(0x20, 0x7E)),
            (1, Gen.Choose(0x00, 0x1F)),
            (2, Gen.Choose(0x80, 0x7FF)),
            (2, Gen.Choose(0x800, 0xD7FF)),
            (1, Gen.Choose(0xE000, 0xFFFF)),
            (2, Gen.Choose(0x10000, 0x10FFFF))
        )
        .Select(cp => new Rune(cp));

    public static readonly Gen<string> AnyString = Gen.ListOf(AnyRune).Select(runes => string.Concat(runes.Select(r => r.ToString())));

    private static readonly Gen<string?> NullableString = Gen.Frequency(
        (1, Gen.Constant<string?>(null)),
        (1, Gen.Constant<string?>(string.Empty)),
        (4, AnyString.Select(s => (string?)s))
    );

    private static readonly Gen<IReadOnlyList<string>?> Headers = Gen.Frequency(
        (1, Gen.Constant<IReadOnlyList<string>?>(null)),
        (1, Gen.Constant<IReadOnlyList<string>?>(Array.Empty<string>())),
        (3, Gen.ListOf(AnyString).Select(l => (IReadOnlyList<string>?)l.ToArray()))
    );

    // Edge values mixed in: ArbMap's long generator rarely reaches the extremes on its own.
    private static readonly Gen<long> Timestamp = Gen.Frequency(
        (3, ArbMap.Default.GeneratorFor<long>()),
        (1, Gen.Elements(long.MinValue, long.MaxValue, -1L, 0L, 1L, 1_700_000_000_000L)),
        (2, Gen.Choose(int.MinValue, int.MaxValue).Two().Select(t => ((long)t.Item1 << 32) ^ (uint)t.Item2))
    );

    public static readonly Gen<CollectorPayload> Payload =
        from strings in Gen.ArrayOf(NullableString, 13)
        from headers in Headers
        from ts in Timestamp
        select new CollectorPayload
        {
            Schema = strings[0],
            IpAddress = strings[1],
            Timestamp = ts,
            Encoding = strings[2],
            Collector = strings[3],
            UserAgent = strings[4],
            RefererUri = strings[5],
            Path = strings[6],
            Querystring = strings[7],
            Body = strings[8],
            Headers = headers,
            ContentType = strings[9],
            Hostname = strings[10],
            NetworkUserId = strings[11],
        };

    public static Arbitrary<CollectorPayload> Arbitrary => Payload.ToArbitrary();
}
