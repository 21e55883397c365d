using System.Buffers;
using EventRecovery.Core.Payloads;

namespace EventRecovery.Core.Thrift;

/// <summary>
/// Apache Thrift TBinaryProtocol codec for Snowplow's collector-payload-1 <see cref="CollectorPayload"/>,
/// byte-compatible with what the Java collector's <c>TSerializer</c> writes and Enrich reads.
/// </summary>
public static class CollectorPayloadThrift
{
    /// <summary>
    /// Serializes <paramref name="payload"/> like Java's generated code: fields in ascending id order
    /// (schema, id 31337, last), null strings and a null header list omitted, the timestamp always written.
    /// </summary>
    /// <param name="payload">The payload to encode.</param>
    /// <returns>A new array holding exactly the encoded bytes.</returns>
    /// <exception cref="ArgumentException">A string holds a lone surrogate, or a header is null.</exception>
    public static byte[] Encode(CollectorPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var size = CollectorPayloadEncoder.Measure(payload);
        var bytes = GC.AllocateUninitializedArray<byte>(size); // every byte is written below
        CollectorPayloadEncoder.Write(payload, bytes, size);
        return bytes;
    }

    /// <summary>Serializes <paramref name="payload"/> (same bytes as <see cref="Encode(CollectorPayload)"/>) into <paramref
    /// name="writer"/>.</summary>
    /// <param name="payload">The payload to encode.</param>
    /// <param name="writer">Receives the bytes in a single <c>GetSpan</c>/<c>Advance</c>.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException">A string holds a lone surrogate, or a header is null.</exception>
    public static int Encode(CollectorPayload payload, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(writer);
        var size = CollectorPayloadEncoder.Measure(payload);
        CollectorPayloadEncoder.Write(payload, writer.GetSpan(size), size);
        writer.Advance(size);
        return size;
    }

    /// <summary>
    /// Deserializes TBinaryProtocol bytes. Fields may come in any order; fields with unknown ids (of any type,
    /// nested up to 64 levels) are skipped; absent fields are null (absent timestamp is 0, absent schema null).
    /// </summary>
    /// <param name="bytes">Exactly one serialized struct, nothing after its STOP byte.</param>
    /// <returns>The decoded payload.</returns>
    /// <exception cref="ThriftFormatException">
    /// Truncated input, a negative or oversized length/size, an unknown type code, a known field with the wrong
    /// wire type, invalid UTF-8, too deep nesting, or trailing bytes; the message gives the byte offset.
    /// </exception>
    public static CollectorPayload Decode(ReadOnlySpan<byte> bytes) => CollectorPayloadDecoder.Decode(bytes);
}
