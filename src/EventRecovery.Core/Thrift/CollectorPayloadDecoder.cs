using EventRecovery.Core.Payloads;
using Ids = EventRecovery.Core.Thrift.CollectorPayloadFieldIds;

namespace EventRecovery.Core.Thrift;

/// <summary>
/// Reads a TBinaryProtocol <see cref="CollectorPayload"/> the way Java's generated <c>read()</c> does:
/// fields in any order, unknown ids skipped, a repeated field keeps its last value, absent fields stay null.
/// Stricter than Java where leniency would hide corruption: a known id with the wrong wire type, invalid UTF-8
/// and bytes after the STOP are errors.
/// </summary>
internal static class CollectorPayloadDecoder
{
    public static CollectorPayload Decode(ReadOnlySpan<byte> bytes)
    {
        var r = new ThriftBinaryReader(bytes);
        string? schema = null,
            ipAddress = null,
            encoding = null,
            collector = null,
            userAgent = null,
            refererUri = null,
            path = null,
            querystring = null,
            body = null,
            contentType = null,
            hostname = null,
            networkUserId = null;
        string[]? headers = null;
        long timestamp = 0; // Java leaves an unset i64 at 0

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
                    ipAddress = ReadString(ref r, type, id, at);
                    break;
                case Ids.Timestamp:
                    Expect(type, ThriftType.I64, id, at);
                    timestamp = r.ReadI64(Ids.Name(id));
                    break;
                case Ids.Encoding:
                    encoding = ReadString(ref r, type, id, at);
                    break;
                case Ids.Collector:
                    collector = ReadString(ref r, type, id, at);
                    break;
                case Ids.UserAgent:
                    userAgent = ReadString(ref r, type, id, at);
                    break;
                case Ids.RefererUri:
                    refererUri = ReadString(ref r, type, id, at);
                    break;
                case Ids.Path:
                    path = ReadString(ref r, type, id, at);
                    break;
                case Ids.Querystring:
                    querystring = ReadString(ref r, type, id, at);
                    break;
                case Ids.Body:
                    body = ReadString(ref r, type, id, at);
                    break;
                case Ids.Headers:
                    Expect(type, ThriftType.List, id, at);
                    headers = ReadStringList(ref r, Ids.Name(id));
                    break;
                case Ids.ContentType:
                    contentType = ReadString(ref r, type, id, at);
                    break;
                case Ids.Hostname:
                    hostname = ReadString(ref r, type, id, at);
                    break;
                case Ids.NetworkUserId:
                    networkUserId = ReadString(ref r, type, id, at);
                    break;
                case Ids.Schema:
                    schema = ReadString(ref r, type, id, at);
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

        return new CollectorPayload
        {
            Schema = schema, // explicit: the record's initializer would otherwise default it to ThriftSchema
            IpAddress = ipAddress,
            Timestamp = timestamp,
            Encoding = encoding,
            Collector = collector,
            UserAgent = userAgent,
            RefererUri = refererUri,
            Path = path,
            Querystring = querystring,
            Body = body,
            Headers = headers,
            ContentType = contentType,
            Hostname = hostname,
            NetworkUserId = networkUserId,
        };
    }

    private static string ReadString(ref ThriftBinaryReader r, ThriftType type, short id, int at)
    {
        Expect(type, ThriftType.String, id, at);
        return r.ReadString(Ids.Name(id));
    }

    private static string[] ReadStringList(ref ThriftBinaryReader r, string name)
    {
        var at = r.Position;
        var elementType = r.ReadType(name + " element type", allowStop: false);
        if (elementType != ThriftType.String)
            throw new ThriftFormatException($"{name} list has element type {ThriftTypes.Name(elementType)}, expected string", at);
        var count = r.ReadSize(name + " list", ThriftTypes.MinEncodedSize(ThriftType.String));
        if (count == 0)
            return [];
        var values = new string[count]; // count is bounded by the remaining input, see ReadSize
        for (var i = 0; i < count; i++)
            values[i] = r.ReadString($"{name}[{i}]");
        return values;
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
