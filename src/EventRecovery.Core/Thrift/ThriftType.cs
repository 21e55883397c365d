namespace EventRecovery.Core.Thrift;

/// <summary>Thrift wire type codes (TType) as written by TBinaryProtocol.</summary>
internal enum ThriftType : byte
{
    Stop = 0,
    Bool = 2,
    Byte = 3,
    Double = 4,
    I16 = 6,
    I32 = 8,
    I64 = 10,
    String = 11,
    Struct = 12,
    Map = 13,
    Set = 14,
    List = 15,

    // Added in Thrift 0.19; not used by collector-payload-1 but a newer writer could add such a field.
    Uuid = 16,
}

internal static class ThriftTypes
{
    /// <summary>Whether <paramref name="code"/> is a value type that may appear on the wire (STOP excluded).</summary>
    public static bool IsValue(byte code) => code is >= 2 and <= 4 or 6 or 8 or >= 10 and <= 16;

    /// <summary>
    /// Fewest bytes one value of <paramref name="type"/> can occupy. Used to reject container sizes
    /// that cannot fit in the remaining input before looping over them.
    /// </summary>
    public static int MinEncodedSize(ThriftType type) =>
        type switch
        {
            ThriftType.Bool or ThriftType.Byte => 1,
            ThriftType.I16 => 2,
            ThriftType.I32 or ThriftType.String => 4,
            ThriftType.I64 or ThriftType.Double => 8,
            ThriftType.Struct => 1, // just STOP
            ThriftType.Map => 6, // key type, value type, i32 size
            ThriftType.Set or ThriftType.List => 5,
            ThriftType.Uuid => 16,
            _ => 1,
        };

    /// <summary>Lower-case IDL name, for error messages.</summary>
    public static string Name(ThriftType type) =>
        type switch
        {
            ThriftType.Bool => "bool",
            ThriftType.Byte => "byte",
            ThriftType.Double => "double",
            ThriftType.I16 => "i16",
            ThriftType.I32 => "i32",
            ThriftType.I64 => "i64",
            ThriftType.String => "string",
            ThriftType.Struct => "struct",
            ThriftType.Map => "map",
            ThriftType.Set => "set",
            ThriftType.List => "list",
            ThriftType.Uuid => "uuid",
            _ => $"type {(byte)type}",
        };
}
