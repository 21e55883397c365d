using EventRecovery.Core.Payloads;
using EventRecovery.Core.Thrift;
using static EventRecovery.Core.Tests.Thrift.ThriftBytes;

namespace EventRecovery.Core.Tests.Thrift;

/// <summary>The decoder skips unknown fields of every type and accepts any field order, like Java's reader.</summary>
public class UnknownFieldTests
{
    private static readonly CollectorPayload Expected = new()
    {
        Schema = null,
        IpAddress = "10.0.0.1",
        Timestamp = 1234,
        Path = "/i",
    };

    // Known fields, with the unknown value spliced in after the first one.
    private static byte[] WithUnknown(Action<ThriftBytes> unknown)
    {
        var b = new ThriftBytes().StrField(100, "10.0.0.1");
        unknown(b);
        return b.Field(TI64, 200).Be64(1234).StrField(320, "/i").End().ToArray();
    }

    private static readonly string[] Kinds =
    [
        "bool",
        "byte",
        "i16",
        "i32",
        "i64",
        "double",
        "uuid",
        "string",
        "binary",
        "struct",
        "nested struct",
        "map",
        "map of lists",
        "empty map",
        "set",
        "list",
        "list of structs",
        "empty list",
        "negative id",
    ];

    public static TheoryData<string> UnknownKinds => new(Kinds);

    [Theory]
    [MemberData(nameof(UnknownKinds))]
    public void Skips_unknown_field(string kind) => Assert.Equal(Expected, CollectorPayloadThrift.Decode(WithUnknown(Unknown(kind))));

    [Fact]
    public void Skips_unknown_fields_of_every_type_in_one_struct() =>
        Assert.Equal(
            Expected,
            CollectorPayloadThrift.Decode(
                WithUnknown(b =>
                {
                    foreach (var kind in Kinds)
                        Unknown(kind)(b);
                })
            )
        );

    private static Action<ThriftBytes> Unknown(string kind) =>
        kind switch
        {
            "bool" => b => b.Field(TBool, 1).U8(1),
            "byte" => b => b.Field(TByte, 2).U8(0xFF),
            "i16" => b => b.Field(TI16, 3).Be16(-2),
            "i32" => b => b.Field(TI32, 4).Be32(int.MinValue),
            "i64" => b => b.Field(TI64, 5).Be64(long.MaxValue),
            "double" => b => b.Field(TDouble, 6).Be64(BitConverter.DoubleToInt64Bits(3.25)),
            "uuid" => b => b.Field(TUuid, 7).Raw(new byte[16]),
            "string" => b => b.StrField(8, "ignored ✓"),
            // Unknown strings may be binary: no UTF-8 validation when skipping.
            "binary" => b => b.Field(TString, 9).Bin([0xFF, 0xFE, 0x00]),
            "struct" => b => b.Field(TStruct, 10).Field(TI32, 1).Be32(7).StrField(2, "x").End(),
            "nested struct" => b => b.Field(TStruct, 11).Field(TStruct, 1).Field(TStruct, 1).Field(TBool, 3).U8(0).End().End().End(),
            "map" => b => b.Field(TMap, 12).U8(TString).U8(TI64).Be32(2).Str("a").Be64(1).Str("b").Be64(2),
            "map of lists" => b => b.Field(TMap, 13).U8(TI16).U8(TList).Be32(1).Be16(5).U8(TDouble).Be32(1).Be64(0),
            "empty map" => b => b.Field(TMap, 14).U8(TBool).U8(TStruct).Be32(0),
            "set" => b => b.Field(TSet, 15).U8(TI32).Be32(3).Be32(1).Be32(2).Be32(3),
            "list" => b => b.Field(TList, 16).U8(TString).Be32(2).Str("p").Str("q"),
            "list of structs" => b => b.Field(TList, 17).U8(TStruct).Be32(2).Field(TByte, 1).U8(1).End().End(),
            "empty list" => b => b.Field(TList, 18).U8(TI64).Be32(0),
            "negative id" => b => b.Field(TI32, -1).Be32(99),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

    [Fact]
    public void Accepts_fields_in_any_order()
    {
        var bytes = new ThriftBytes()
            .StrField(31337, CollectorPayload.ThriftSchema)
            .StrField(410, "nuid")
            .Field(TList, 350)
            .U8(TString)
            .Be32(1)
            .Str("H: v")
            .StrField(320, "/i")
            .Field(TI64, 200)
            .Be64(-5)
            .StrField(100, "10.0.0.1")
            .End()
            .ToArray();
        var expected = new CollectorPayload
        {
            IpAddress = "10.0.0.1",
            Timestamp = -5,
            Path = "/i",
            Headers = ["H: v"],
            NetworkUserId = "nuid",
        };
        Assert.Equal(expected, CollectorPayloadThrift.Decode(bytes));
    }

    [Fact]
    public void Repeated_field_keeps_the_last_value_like_Java()
    {
        var bytes = new ThriftBytes().StrField(100, "first").StrField(100, "second").End().ToArray();
        Assert.Equal("second", CollectorPayloadThrift.Decode(bytes).IpAddress);
    }

    [Fact]
    public void Absent_fields_decode_as_null_and_absent_timestamp_as_zero()
    {
        var p = CollectorPayloadThrift.Decode([TStop]);
        Assert.Equal(new CollectorPayload { Schema = null }, p);
        Assert.Null(p.Schema); // not the record's default ThriftSchema
    }

    [Fact]
    public void Skips_nesting_up_to_the_depth_limit()
    {
        // 63 structs inside the top-level unknown one: depth 64, the deepest allowed.
        var b = new ThriftBytes();
        for (var i = 0; i < 64; i++)
            b.Field(TStruct, 1);
        for (var i = 0; i < 64; i++)
            b.End();
        Assert.Equal(new CollectorPayload { Schema = null }, CollectorPayloadThrift.Decode(b.End().ToArray()));
    }
}
