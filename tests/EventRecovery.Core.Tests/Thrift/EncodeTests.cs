using System.Buffers;
using EventRecovery.Core.Payloads;
using EventRecovery.Core.Thrift;

namespace EventRecovery.Core.Tests.Thrift;

public class EncodeTests
{
    [Fact]
    public void Default_payload_writes_timestamp_then_schema_then_STOP()
    {
        // Schema defaults to the Thrift schema URI; timestamp 0 is still written (non-optional i64).
        var bytes = CollectorPayloadThrift.Encode(new CollectorPayload());
        var schema = CollectorPayload.ThriftSchema;
        var expected = new ThriftBytes().Field(ThriftBytes.TI64, 200).Be64(0).StrField(31337, schema).End().ToArray();
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(bytes));
    }

    [Fact]
    public void Null_schema_is_not_written() =>
        Assert.Equal(
            Convert.ToHexString(new ThriftBytes().Field(ThriftBytes.TI64, 200).Be64(-1).End().ToArray()),
            Convert.ToHexString(CollectorPayloadThrift.Encode(new CollectorPayload { Schema = null, Timestamp = -1 }))
        );

    // Not [InlineData]: attribute strings are stored as UTF-8 in metadata, so the compiler would already
    // have turned these lone surrogates into U+FFFD before the test ran.
    private static readonly string[] LoneSurrogates =
    [
        "\uD800",
        "ok\uDC00",
        "\uDE00\uD83D", /* wrong order */
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Lone_surrogate_is_rejected_not_replaced(int index)
    {
        var bad = LoneSurrogates[index];
        var e = Assert.Throws<ArgumentException>(() => CollectorPayloadThrift.Encode(new CollectorPayload { Body = bad }));
        Assert.Contains("Body", e.Message);
        e = Assert.Throws<ArgumentException>(() => CollectorPayloadThrift.Encode(new CollectorPayload { Headers = ["a", bad] }));
        Assert.Contains("Headers[1]", e.Message);
    }

    [Fact]
    public void Null_header_element_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            CollectorPayloadThrift.Encode(new CollectorPayload { Headers = new string[] { "a", null! } })
        );
        Assert.Contains("Headers[1] is null", e.Message);
    }

    [Fact]
    public void Null_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => CollectorPayloadThrift.Encode(null!));
        Assert.Throws<ArgumentNullException>(() => CollectorPayloadThrift.Encode(new CollectorPayload(), null!));
    }

    [Fact]
    public void BufferWriter_overload_appends_after_existing_content()
    {
        var writer = new ArrayBufferWriter<byte>();
        writer.Write<byte>([0xAA]);
        var payload = GoldenVectors.Named("large_body_200k").Payload;
        var n = CollectorPayloadThrift.Encode(payload, writer);
        Assert.Equal(GoldenVectors.Named("large_body_200k").Bytes, writer.WrittenSpan[1..].ToArray());
        Assert.Equal(n + 1, writer.WrittenCount);
    }
}
