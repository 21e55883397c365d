using System.Buffers;
using EventRecovery.Core.Thrift;
using FsCheck;
using FsCheck.Fluent;

namespace EventRecovery.Core.Tests.Thrift;

public class RoundTripPropertyTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(500);

    [Fact]
    public void Decode_of_Encode_is_identity() =>
        Check.One(Config, Prop.ForAll(PayloadGen.Arbitrary, p => CollectorPayloadThrift.Decode(CollectorPayloadThrift.Encode(p)) == p));

    [Fact]
    public void BufferWriter_overload_writes_the_same_bytes_and_reports_the_count() =>
        Prop.ForAll(PayloadGen.Arbitrary, p =>
            {
                var expected = CollectorPayloadThrift.Encode(p);
                var writer = new ArrayBufferWriter<byte>(1); // forces GetSpan to honour the size hint
                var n = CollectorPayloadThrift.Encode(p, writer);
                return n == expected.Length && writer.WrittenSpan.SequenceEqual(expected);
            })
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Encoding_is_canonical_Encode_of_Decode_gives_the_same_bytes() =>
        Prop.ForAll(PayloadGen.Arbitrary, p =>
            {
                var bytes = CollectorPayloadThrift.Encode(p);
                return CollectorPayloadThrift.Encode(CollectorPayloadThrift.Decode(bytes)).AsSpan().SequenceEqual(bytes);
            })
            .QuickCheckThrowOnFailure();
}
