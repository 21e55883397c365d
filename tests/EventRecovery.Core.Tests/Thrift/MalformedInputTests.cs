using EventRecovery.Core.Thrift;
using static EventRecovery.Core.Tests.Thrift.ThriftBytes;

namespace EventRecovery.Core.Tests.Thrift;

/// <summary>Every kind of malformed input fails with a <see cref="ThriftFormatException"/> naming the problem and offset.</summary>
public class MalformedInputTests
{
    private static ThriftBytes B() => new();

    // name -> (input, offset the error must report, fragment the message must contain)
    private static readonly Dictionary<string, (byte[] Bytes, int Offset, string Message)> Cases = new()
    {
        ["empty input"] = ([], 0, "truncated input: field type needs 1 byte(s) but only 0 remain"),
        ["missing STOP"] = (B().StrField(100, "ip").ToArray(), 9, "truncated input: field type"),
        ["truncated field id"] = ([TString, 0x00], 1, "field id needs 2 byte(s) but only 1 remain"),
        ["truncated i64"] = (B().Field(TI64, 200).Be32(0).ToArray(), 3, "timestamp needs 8 byte(s) but only 4 remain"),
        ["truncated string length"] = (B().Field(TString, 100).Raw(0, 0).ToArray(), 3, "ipAddress length needs 4 byte(s)"),
        ["negative string length"] = (B().Field(TString, 100).Be32(-1).End().ToArray(), 3, "ipAddress length -1 is negative"),
        ["string length beyond input"] = (
            B().Field(TString, 340).Be32(1000).Raw("abc"u8.ToArray()).ToArray(),
            3,
            "body length 1000 exceeds the 3 bytes remaining"
        ),
        ["string length int.MaxValue"] = (B().Field(TString, 340).Be32(int.MaxValue).End().ToArray(), 3, "body length 2147483647 exceeds"),
        ["string field sent as i32"] = (
            B().Field(TI32, 100).Be32(5).End().ToArray(),
            0,
            "field 100 'ipAddress' has wire type i32, expected string"
        ),
        ["timestamp sent as string"] = (
            B().StrField(100, "ip").StrField(200, "1").End().ToArray(),
            9,
            "field 200 'timestamp' has wire type string, expected i64"
        ),
        ["timestamp sent as i32"] = (B().Field(TI32, 200).Be32(1).End().ToArray(), 0, "has wire type i32, expected i64"),
        ["headers sent as set"] = (
            B().Field(TSet, 350).U8(TString).Be32(0).End().ToArray(),
            0,
            "field 350 'headers' has wire type set, expected list"
        ),
        ["schema sent as binary struct"] = (
            B().Field(TStruct, 31337).End().End().ToArray(),
            0,
            "field 31337 'schema' has wire type struct, expected string"
        ),
        ["headers of i32"] = (
            B().Field(TList, 350).U8(TI32).Be32(1).Be32(7).End().ToArray(),
            3,
            "headers list has element type i32, expected string"
        ),
        ["headers negative size"] = (B().Field(TList, 350).U8(TString).Be32(-3).End().ToArray(), 4, "headers list size -3 is negative"),
        ["headers size beyond input"] = (
            B().Field(TList, 350).U8(TString).Be32(1_000_000).Str("a").End().ToArray(),
            4,
            "headers list size 1000000 needs at least 4000000 bytes but only 6 remain"
        ),
        ["header element truncated"] = (
            B().Field(TList, 350).U8(TString).Be32(2).Str("a").Be32(5).Raw(0x41).ToArray(),
            13,
            "headers[1] length 5 exceeds the 1 bytes remaining"
        ),
        ["invalid UTF-8 continuation"] = (
            B().Field(TString, 300).Bin([0x61, 0xC3, 0x28]).End().ToArray(),
            8,
            "userAgent is not valid UTF-8"
        ),
        ["overlong UTF-8"] = (B().Field(TString, 300).Bin([0xC0, 0x80]).End().ToArray(), 7, "userAgent is not valid UTF-8"),
        ["UTF-8 encoded surrogate"] = (
            B().Field(TString, 330).Bin([0x41, 0x42, 0xED, 0xA0, 0x80]).End().ToArray(),
            9,
            "querystring is not valid UTF-8"
        ),
        ["UTF-8 cut mid-sequence"] = (B().Field(TString, 340).Bin([0x61, 0xF0, 0x9F, 0x98]).End().ToArray(), 8, "body is not valid UTF-8"),
        ["0xFF in string"] = (B().Field(TString, 31337).Bin([0xFF]).End().ToArray(), 7, "schema is not valid UTF-8"),
        ["invalid UTF-8 in header"] = (
            B().Field(TList, 350).U8(TString).Be32(2).Str("ok").Bin([0x80]).End().ToArray(),
            18,
            "headers[1] is not valid UTF-8"
        ),
        ["unknown type code 1"] = ([1, 0, 1, 0], 0, "unknown Thrift type 1 for field type"),
        ["unknown type code 67 ('C', base64 text instead of bytes)"] = ("CwBk"u8.ToArray(), 0, "unknown Thrift type 67"),
        ["unknown type code 255"] = ([0xFF, 0, 1], 0, "unknown Thrift type 255"),
        ["unknown map key type"] = (B().Field(TMap, 1).U8(9).U8(TI32).Be32(0).End().ToArray(), 3, "unknown Thrift type 9 for map key type"),
        ["STOP as list element type"] = (
            B().Field(TList, 1).U8(TStop).Be32(0).End().ToArray(),
            3,
            "unknown Thrift type 0 for list element type"
        ),
        ["unknown map negative size"] = (B().Field(TMap, 1).U8(TI32).U8(TI32).Be32(-1).End().ToArray(), 5, "map size -1 is negative"),
        ["unknown list size beyond input"] = (
            B().Field(TList, 1).U8(TI64).Be32(2).Be64(1).End().ToArray(),
            4,
            "list size 2 needs at least 16 bytes but only 9 remain"
        ),
        ["unknown set size int.MaxValue"] = (
            B().Field(TSet, 1).U8(TBool).Be32(int.MaxValue).End().ToArray(),
            4,
            "set size 2147483647 needs at least"
        ),
        ["unknown string negative length"] = (B().Field(TString, 1).Be32(-7).End().ToArray(), 3, "binary length -7 is negative"),
        ["unknown struct without STOP"] = (
            B().Field(TStruct, 1).Field(TI32, 1).Be32(1).ToArray(),
            10,
            "truncated input: struct field type"
        ),
        ["unknown double truncated"] = (B().Field(TDouble, 1).Be32(0).ToArray(), 3, "double needs 8 byte(s) but only 4 remain"),
        ["trailing bytes after STOP"] = (
            B().StrField(100, "ip").End().Raw(0x0B, 0x00).ToArray(),
            10,
            "2 unexpected byte(s) after the struct's STOP"
        ),
        ["second struct concatenated"] = (B().End().End().ToArray(), 1, "1 unexpected byte(s) after the struct's STOP"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Throws_with_offset_and_reason(string name)
    {
        var (bytes, offset, message) = Cases[name];
        var e = Assert.Throws<ThriftFormatException>(() => CollectorPayloadThrift.Decode(bytes));
        Assert.Contains(message, e.Message);
        Assert.Equal(offset, e.Offset);
        Assert.EndsWith($"(at byte offset {offset})", e.Message);
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_rejected_without_exhausting_the_stack()
    {
        // 100k nested structs: fails at depth 65, long before recursion could overflow.
        var b = B();
        for (var i = 0; i < 100_000; i++)
            b.Field(TStruct, 1);
        var e = Assert.Throws<ThriftFormatException>(() => CollectorPayloadThrift.Decode(b.ToArray()));
        Assert.Contains("nested more than 64 levels", e.Message);
        Assert.Equal(65 * 3, e.Offset); // the 66th field header, i.e. the value at depth 65
    }

    [Fact]
    public void Deeply_nested_lists_are_rejected_too()
    {
        var b = B().Field(TList, 1);
        for (var i = 0; i < 1000; i++)
            b.U8(TList).Be32(1);
        var e = Assert.Throws<ThriftFormatException>(() => CollectorPayloadThrift.Decode(b.ToArray()));
        Assert.Contains("nested more than 64 levels", e.Message);
    }

    [Fact]
    public void Every_proper_prefix_of_a_valid_payload_is_rejected()
    {
        var full = GoldenVectors.Named("unicode").Bytes;
        for (var n = 0; n < full.Length; n++)
        {
            var e = Assert.Throws<ThriftFormatException>(() => CollectorPayloadThrift.Decode(full.AsSpan(0, n)));
            Assert.InRange(e.Offset, 0, n);
        }
    }

    [Fact]
    public void Random_corruption_never_throws_anything_but_ThriftFormatException()
    {
        var rng = new Random(12345);
        var original = GoldenVectors.Named("all_fields").Bytes;
        for (var i = 0; i < 5000; i++)
        {
            var bytes = (byte[])original.Clone();
            for (var k = rng.Next(1, 4); k > 0; k--)
                bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
            try
            {
                CollectorPayloadThrift.Decode(bytes);
            }
            catch (ThriftFormatException) { }
        }
    }
}
