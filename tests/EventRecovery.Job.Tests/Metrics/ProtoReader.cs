using System.Buffers.Binary;
using System.Text;

namespace EventRecovery.Job.Tests.Metrics;

/// <summary>One field of a protobuf message: its number, wire type and raw value (varint, fixed or length-delimited bytes).</summary>
internal readonly record struct ProtoField(int Number, int WireType, ulong Scalar, ReadOnlyMemory<byte> Bytes)
{
    public string String => Encoding.UTF8.GetString(Bytes.Span);
    public ProtoMessage Message => new(Bytes);
    public long Int64 => unchecked((long)Scalar);
    public double Double => BitConverter.Int64BitsToDouble(unchecked((long)Scalar));
}

/// <summary>A minimal reader of the protobuf wire format (varint, 64-bit, length-delimited, 32-bit); enough to decode OTLP.</summary>
internal readonly struct ProtoMessage(ReadOnlyMemory<byte> data)
{
    public IEnumerable<ProtoField> Fields()
    {
        var position = 0;
        while (position < data.Length)
        {
            var key = Varint(data.Span, ref position);
            var number = (int)(key >> 3);
            var wireType = (int)(key & 7);
            Assert.True(number > 0, $"field number 0 at byte {position}");
            switch (wireType)
            {
                case 0:
                    yield return new ProtoField(number, 0, Varint(data.Span, ref position), default);
                    break;
                case 1:
                    yield return new ProtoField(number, 1, BinaryPrimitives.ReadUInt64LittleEndian(data.Span[position..]), default);
                    position += 8;
                    break;
                case 2:
                    var length = checked((int)Varint(data.Span, ref position));
                    Assert.True(position + length <= data.Length, "a length-delimited field runs past the end of its message");
                    yield return new ProtoField(number, 2, 0, data.Slice(position, length));
                    position += length;
                    break;
                case 5:
                    yield return new ProtoField(number, 5, BinaryPrimitives.ReadUInt32LittleEndian(data.Span[position..]), default);
                    position += 4;
                    break;
                default:
                    Assert.Fail($"unsupported wire type {wireType} at byte {position}");
                    yield break;
            }
        }
    }

    public IEnumerable<ProtoField> All(int number) => Fields().Where(f => f.Number == number);

    public ProtoField? First(int number) => Fields().Where(f => f.Number == number).Select(f => (ProtoField?)f).FirstOrDefault();

    private static ulong Varint(ReadOnlySpan<byte> span, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = span[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
                return value;
        }
        throw new FormatException("varint longer than 10 bytes");
    }
}
