using System.Text;
using EventRecovery.Core.Payloads;

namespace EventRecovery.Core.Thrift;

/// <summary>
/// Reads a TBinaryProtocol <see cref="CollectorPayload"/> the way Java's generated <c>read()</c> does:
/// fields in any order, unknown ids skipped, a repeated field keeps its last value, absent fields stay null.
/// Stricter than Java where leniency would hide corruption: a known id with the wrong wire type, invalid UTF-8
/// and bytes after the STOP are errors. The walk and its checks are <see cref="CollectorPayloadLayout"/>'s.
/// </summary>
internal static class CollectorPayloadDecoder
{
    public static CollectorPayload Decode(ReadOnlySpan<byte> bytes)
    {
        var layout = CollectorPayloadLayout.Read(bytes);
        return new CollectorPayload
        {
            Schema = Text(bytes, layout.Schema), // explicit: the record's initializer would otherwise default it to ThriftSchema
            IpAddress = Text(bytes, layout.IpAddress),
            Timestamp = layout.Timestamp,
            Encoding = Text(bytes, layout.Encoding),
            Collector = Text(bytes, layout.Collector),
            UserAgent = Text(bytes, layout.UserAgent),
            RefererUri = Text(bytes, layout.RefererUri),
            Path = Text(bytes, layout.Path),
            Querystring = Text(bytes, layout.Querystring),
            Body = Text(bytes, layout.Body),
            Headers = layout.Headers(bytes),
            ContentType = Text(bytes, layout.ContentType),
            Hostname = Text(bytes, layout.Hostname),
            NetworkUserId = Text(bytes, layout.NetworkUserId),
        };
    }

    private static string? Text(ReadOnlySpan<byte> bytes, Utf8Range range) =>
        !range.IsSet ? null
        : range.Length == 0 ? string.Empty
        : Encoding.UTF8.GetString(range.Of(bytes));
}
