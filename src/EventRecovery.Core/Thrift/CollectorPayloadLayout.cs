using Ids = EventRecovery.Core.Thrift.CollectorPayloadFieldIds;

namespace EventRecovery.Core.Thrift;

/// <summary>Where a string field's UTF-8 lies in the Thrift bytes; <see cref="IsSet"/> false for a field not on the wire.</summary>
/// <param name="Start">Offset of the first byte (after the length prefix, so never 0 for a set field).</param>
/// <param name="Length">Length in bytes.</param>
internal readonly record struct Utf8Range(int Start, int Length)
{
    public bool IsSet => Start > 0;

    public ReadOnlySpan<byte> Of(ReadOnlySpan<byte> bytes) => bytes.Slice(Start, Length);

    public ReadOnlyMemory<byte> Of(ReadOnlyMemory<byte> bytes) => bytes.Slice(Start, Length);
}

/// <summary>
/// Where each field of a TBinaryProtocol <c>CollectorPayload</c> lies, read with every check of
/// <see cref="CollectorPayloadDecoder"/> (it is the decoder's first pass) but making no string: a reader that needs
/// only some fields (verification) takes their UTF-8 where it is.
/// </summary>
internal struct CollectorPayloadLayout
{
    public Utf8Range Schema,
        IpAddress,
        Encoding,
        Collector,
        UserAgent,
        RefererUri,
        Path,
        Querystring,
        Body,
        ContentType,
        Hostname,
        NetworkUserId;

    /// <summary>Java leaves an unset i64 at 0.</summary>
    public long Timestamp;

    /// <summary>Offset of the (last) headers list, at its element type byte; -1 when there is none.</summary>
    public int HeadersAt;

    /// <summary>Reads the layout of exactly one struct.</summary>
    /// <exception cref="ThriftFormatException">As <see cref="CollectorPayloadThrift.Decode"/>.</exception>
    public static CollectorPayloadLayout Read(ReadOnlySpan<byte> bytes)
    {
        var layout = new CollectorPayloadLayout { HeadersAt = -1 };
        var r = new ThriftBinaryReader(bytes);
        while (true)
        {
            var at = r.Position;
            var type = r.ReadType("field type", allowStop: true);
            if (type == ThriftType.Stop)
                break;
            var id = r.ReadI16("field id");
            switch (id)
            {
                case Ids.IpAddress:
                    layout.IpAddress = Text(ref r, type, id, at);
                    break;
                case Ids.Timestamp:
                    Expect(type, ThriftType.I64, id, at);
                    layout.Timestamp = r.ReadI64(Ids.Name(id));
                    break;
                case Ids.Encoding:
                    layout.Encoding = Text(ref r, type, id, at);
                    break;
                case Ids.Collector:
                    layout.Collector = Text(ref r, type, id, at);
                    break;
                case Ids.UserAgent:
                    layout.UserAgent = Text(ref r, type, id, at);
                    break;
                case Ids.RefererUri:
                    layout.RefererUri = Text(ref r, type, id, at);
                    break;
                case Ids.Path:
                    layout.Path = Text(ref r, type, id, at);
                    break;
                case Ids.Querystring:
                    layout.Querystring = Text(ref r, type, id, at);
                    break;
                case Ids.Body:
                    layout.Body = Text(ref r, type, id, at);
                    break;
                case Ids.Headers:
                    Expect(type, ThriftType.List, id, at);
                    layout.HeadersAt = r.Position;
                    SkipStringList(ref r, Ids.Name(id));
                    break;
                case Ids.ContentType:
                    layout.ContentType = Text(ref r, type, id, at);
                    break;
                case Ids.Hostname:
                    layout.Hostname = Text(ref r, type, id, at);
                    break;
                case Ids.NetworkUserId:
                    layout.NetworkUserId = Text(ref r, type, id, at);
                    break;
                case Ids.Schema:
                    layout.Schema = Text(ref r, type, id, at);
                    break;
                default:
                    r.Skip(type, depth: 1);
                    break;
            }
        }

        // Java's TDeserializer ignores trailing bytes; we reject them because in a bad row they mean the
        // payload was cut or concatenated wrongly, and recovering it silently would hide that.
        if (r.Remaining != 0)
            throw new ThriftFormatException($"{r.Remaining} unexpected byte(s) after the struct's STOP", r.Position);
        return layout;
    }

    /// <summary>The headers list of <paramref name="bytes"/> (read by <see cref="Read"/>), as strings.</summary>
    public readonly string[]? Headers(ReadOnlySpan<byte> bytes)
    {
        if (HeadersAt < 0)
            return null;
        var r = new ThriftBinaryReader(bytes);
        r.Seek(HeadersAt);
        var name = Ids.Name(Ids.Headers);
        r.ReadType(name + " element type", allowStop: false);
        var count = r.ReadSize(name + " list", ThriftTypes.MinEncodedSize(ThriftType.String));
        if (count == 0)
            return [];
        var values = new string[count]; // count is bounded by the remaining input, see ReadSize
        for (var i = 0; i < count; i++)
        {
            var utf8 = r.ReadUtf8Item(name, i);
            values[i] = utf8.IsEmpty ? string.Empty : System.Text.Encoding.UTF8.GetString(utf8);
        }
        return values;
    }

    private static Utf8Range Text(ref ThriftBinaryReader r, ThriftType type, short id, int at)
    {
        Expect(type, ThriftType.String, id, at);
        var utf8 = r.ReadUtf8(Ids.Name(id));
        return new Utf8Range(r.Position - utf8.Length, utf8.Length);
    }

    private static void SkipStringList(ref ThriftBinaryReader r, string name)
    {
        var at = r.Position;
        var elementType = r.ReadType(name + " element type", allowStop: false);
        if (elementType != ThriftType.String)
            throw new ThriftFormatException($"{name} list has element type {ThriftTypes.Name(elementType)}, expected string", at);
        var count = r.ReadSize(name + " list", ThriftTypes.MinEncodedSize(ThriftType.String));
        for (var i = 0; i < count; i++)
            r.ReadUtf8Item(name, i);
    }

    // Java would skip a known id with another type; for our inputs that means a corrupt or foreign payload.
    private static void Expect(ThriftType actual, ThriftType expected, short id, int at)
    {
        if (actual != expected)
            throw new ThriftFormatException(
                $"field {id} '{Ids.Name(id)}' has wire type {ThriftTypes.Name(actual)}, expected {ThriftTypes.Name(expected)}",
                at
            );
    }
}
