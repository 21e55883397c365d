using System.Buffers.Binary;
using System.Text.Unicode;

namespace EventRecovery.Core.Thrift;

/// <summary>
/// Bounds-checked cursor over TBinaryProtocol bytes. Every read checks the remaining length first and every
/// failure is a <see cref="ThriftFormatException"/> carrying the offset, never an IndexOutOfRange.
/// </summary>
internal ref struct ThriftBinaryReader(ReadOnlySpan<byte> data)
{
    /// <summary>Deepest nesting of structs/containers that <see cref="Skip"/> follows; bounds stack use on hostile input.</summary>
    public const int MaxDepth = 64;

    private readonly ReadOnlySpan<byte> _data = data;
    private int _pos;

    public readonly int Position => _pos;
    public readonly int Remaining => _data.Length - _pos;

    /// <summary>Reads a field or element type byte; <see cref="ThriftType.Stop"/> only if <paramref name="allowStop"/>.</summary>
    public ThriftType ReadType(string what, bool allowStop)
    {
        var at = _pos;
        var code = Take(1, what)[0];
        if (code == 0 && allowStop)
            return ThriftType.Stop;
        if (!ThriftTypes.IsValue(code))
            throw new ThriftFormatException($"unknown Thrift type {code} for {what}", at);
        return (ThriftType)code;
    }

    public short ReadI16(string what) => BinaryPrimitives.ReadInt16BigEndian(Take(2, what));

    public int ReadI32(string what) => BinaryPrimitives.ReadInt32BigEndian(Take(4, what));

    public long ReadI64(string what) => BinaryPrimitives.ReadInt64BigEndian(Take(8, what));

    /// <summary>
    /// Reads an i32-length-prefixed UTF-8 string's bytes, rejecting invalid UTF-8 (a string made of them would
    /// silently hold U+FFFD instead).
    /// </summary>
    public ReadOnlySpan<byte> ReadUtf8(string what)
    {
        var bytes = ReadBinary(what);
        if (!Utf8.IsValid(bytes))
        {
            var bad = _pos - bytes.Length + FirstInvalidUtf8(bytes);
            throw new ThriftFormatException($"{what} is not valid UTF-8", bad);
        }
        return bytes;
    }

    /// <summary>
    /// <see cref="ReadUtf8"/> of the element <paramref name="index"/> of the list <paramref name="list"/>: its name
    /// (<c>headers[3]</c>) is made only for an error.
    /// </summary>
    public ReadOnlySpan<byte> ReadUtf8Item(string list, int index)
    {
        if (Remaining >= 4)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(_data.Slice(_pos, 4));
            if (length >= 0 && length <= Remaining - 4 && Utf8.IsValid(_data.Slice(_pos + 4, length)))
            {
                _pos += 4 + length;
                return _data.Slice(_pos - length, length);
            }
        }
        return ReadUtf8($"{list}[{index}]"); // throws, naming the element
    }

    /// <summary>Moves to <paramref name="position"/>, an offset an earlier read of the same bytes returned.</summary>
    public void Seek(int position) => _pos = position;

    /// <summary>
    /// Reads a container element count and rejects it if even the smallest possible elements could not fit in
    /// the remaining input, so a forged count cannot make us allocate or loop far beyond the data we have.
    /// </summary>
    public int ReadSize(string what, int minElementSize)
    {
        var at = _pos;
        var size = ReadI32(what + " size");
        if (size < 0)
            throw new ThriftFormatException($"{what} size {size} is negative", at);
        if ((long)size * minElementSize > Remaining)
            throw new ThriftFormatException(
                $"{what} size {size} needs at least {(long)size * minElementSize} bytes but only {Remaining} remain",
                at
            );
        return size;
    }

    /// <summary>Skips one value of any type, like Java's TProtocolUtil.skip, nested up to <see cref="MaxDepth"/>.</summary>
    public void Skip(ThriftType type, int depth)
    {
        if (depth > MaxDepth)
            throw new ThriftFormatException($"values nested more than {MaxDepth} levels deep", _pos);
        switch (type)
        {
            case ThriftType.Bool
            or ThriftType.Byte
            or ThriftType.I16
            or ThriftType.I32
            or ThriftType.I64
            or ThriftType.Double
            or ThriftType.Uuid:
                Take(ThriftTypes.MinEncodedSize(type), ThriftTypes.Name(type));
                break;
            case ThriftType.String:
                ReadBinary("binary"); // unknown strings may be arbitrary binary: do not validate UTF-8
                break;
            case ThriftType.Struct:
                while (ReadType("struct field type", allowStop: true) is var fieldType && fieldType != ThriftType.Stop)
                {
                    ReadI16("struct field id");
                    Skip(fieldType, depth + 1);
                }
                break;
            case ThriftType.Map:
                var keyType = ReadType("map key type", allowStop: false);
                var valueType = ReadType("map value type", allowStop: false);
                var entries = ReadSize("map", ThriftTypes.MinEncodedSize(keyType) + ThriftTypes.MinEncodedSize(valueType));
                for (var i = 0; i < entries; i++)
                {
                    Skip(keyType, depth + 1);
                    Skip(valueType, depth + 1);
                }
                break;
            case ThriftType.Set or ThriftType.List:
                var name = ThriftTypes.Name(type);
                var elementType = ReadType(name + " element type", allowStop: false);
                var count = ReadSize(name, ThriftTypes.MinEncodedSize(elementType));
                for (var i = 0; i < count; i++)
                    Skip(elementType, depth + 1);
                break;
            default:
                throw new ThriftFormatException($"cannot skip Thrift type {(byte)type}", _pos);
        }
    }

    private ReadOnlySpan<byte> ReadBinary(string what)
    {
        var at = _pos;
        var length = ReadI32(what + " length");
        if (length < 0)
            throw new ThriftFormatException($"{what} length {length} is negative", at);
        if (length > Remaining)
            throw new ThriftFormatException($"{what} length {length} exceeds the {Remaining} bytes remaining", at);
        return Take(length, what);
    }

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count > Remaining)
            throw new ThriftFormatException($"truncated input: {what} needs {count} byte(s) but only {Remaining} remain", _pos);
        var slice = _data.Slice(_pos, count);
        _pos += count;
        return slice;
    }

    // Error path only: locate the first byte that does not start a valid UTF-8 sequence.
    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes[i..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
                return i;
            i += consumed;
        }
        return i;
    }
}
