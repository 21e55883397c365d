using System.Buffers.Binary;
using System.Text;

namespace EventRecovery.Core.Tests.Thrift;

/// <summary>
/// Hand-assembles TBinaryProtocol bytes for tests that need input our encoder never produces
/// (unknown fields, other orders, corrupt data). Independent of the code under test on purpose.
/// </summary>
public sealed class ThriftBytes
{
    // T-prefixed so `using static` does not clash with C# keywords/types (string, byte, ...).
    public const byte TStop = 0,
        TBool = 2,
        TByte = 3,
        TDouble = 4,
        TI16 = 6,
        TI32 = 8,
        TI64 = 10,
        TString = 11,
        TStruct = 12,
        TMap = 13,
        TSet = 14,
        TList = 15,
        TUuid = 16;

    private readonly List<byte> _bytes = [];

    public int Length => _bytes.Count;

    public ThriftBytes Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public ThriftBytes U8(byte v) => Raw(v);

    public ThriftBytes Be16(short v)
    {
        var b = new byte[2];
        BinaryPrimitives.WriteInt16BigEndian(b, v);
        return Raw(b);
    }

    public ThriftBytes Be32(int v)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(b, v);
        return Raw(b);
    }

    public ThriftBytes Be64(long v)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(b, v);
        return Raw(b);
    }

    public ThriftBytes Field(byte type, short id) => U8(type).Be16(id);

    public ThriftBytes Str(string s) => Bin(Encoding.UTF8.GetBytes(s));

    public ThriftBytes Bin(byte[] b) => Be32(b.Length).Raw(b);

    public ThriftBytes StrField(short id, string s) => Field(TString, id).Str(s);

    public ThriftBytes End() => U8(TStop);

    public byte[] ToArray() => [.. _bytes];
}
