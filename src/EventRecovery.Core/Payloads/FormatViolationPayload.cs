using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using EventRecovery.Core.Codecs;
using EventRecovery.Core.Recovery;
using EventRecovery.Core.Thrift;

namespace EventRecovery.Core.Payloads;

/// <summary>The collector payload carried by a collector_payload_format_violation bad row.</summary>
public static partial class FormatViolationPayload
{
    [GeneratedRegex(@"error deserializing raw event: Unrecognized type \d*")]
    private static partial Regex Base64PayloadError();

    /// <summary>
    /// The collector payload of a collector_payload_format_violation. When Enrich reported "Unrecognized type N",
    /// the collector wrote base64 text instead of Thrift bytes, so the payload is decoded twice; otherwise the
    /// Thrift is fine and its querystring is what needs repair.
    /// </summary>
    public static (CollectorPayload Payload, List<NameValue>? Querystring) Read(JsonElement data)
    {
        if (!data.TryGetProperty("payload", out var p) || p.ValueKind != JsonValueKind.String)
            throw new RowFailure(FailureMessages.NoPayloadString);
        var error =
            data.TryGetProperty("failure", out var f)
            && f.ValueKind == JsonValueKind.Object
            && f.TryGetProperty("message", out var m)
            && m.ValueKind == JsonValueKind.Object
            && m.TryGetProperty("error", out var e)
            && e.ValueKind == JsonValueKind.String
                ? e.GetString()
                : null;

        var bytes = DecodeBytes(p);
        if (error is not null && Base64PayloadError().IsMatch(error))
            return (DecodeThrift(Base64Text.TryDecodeBytes(bytes) ?? Base64Text.DecodeBytes(Base64Text.DecodeText(p.GetString()!))), null);

        var cp = DecodeThrift(bytes);
        if (cp.Querystring is null)
            throw new RowFailure(FailureMessages.NoQuerystring);
        var parameters = QuerystringRepair.Parse(cp.Querystring);
        if (parameters.Count == 0)
            throw new RowFailure(FailureMessages.NoPairToRepair(cp.Querystring));
        return (cp, parameters);
    }

    /// <summary>
    /// The payload recovered from a format violation that no step changes: what a tree gives from
    /// <see cref="CollectorPayloadJson.FromThrift"/> then <see cref="CollectorPayloadJson.ToThrift(System.Text.Json.Nodes.JsonNode?,
    /// string, string?)"/>
    /// with the path kept, field by field, without the tree. Null for what the tree must decide: a timestamp it
    /// cannot write as a date, a null header, a parameter name UTF-8 cannot hold.
    /// </summary>
    internal static CollectorPayload? Unchanged(CollectorPayload cp, IReadOnlyList<NameValue>? querystring)
    {
        if (cp.Timestamp < MinMillis || cp.Timestamp > MaxMillis)
            return null;
        var headers = cp.Headers ?? []; // the tree writes no headers as an empty list
        var headerTexts = new PayloadText[headers.Count];
        for (var i = 0; i < headers.Count; i++)
        {
            if (headers[i] is null)
                return null;
            headerTexts[i] = PayloadText.Of(headers[i]);
        }
        using var writer = new QuerystringWriter();
        foreach (var (name, value) in querystring ?? Payloads.Querystring.Parse(cp.Querystring))
            writer.Append(name, value);
        if (writer.HasUnwritableName)
            return null;
        return new CollectorPayload
        {
            IpAddressText = PayloadText.Of(cp.IpAddress),
            // The tree writes it as a date to the millisecond and reads it back: the same number; 0 means none.
            Timestamp = cp.Timestamp,
            EncodingText = PayloadText.Of(cp.Encoding ?? ""),
            CollectorText = PayloadText.Of(cp.Collector ?? ""),
            // Vendor and version split from a path lead back to it; no path splits into two empty parts, which build "//".
            Path = cp.Path ?? CollectorPath.Build("", ""),
            UserAgentText = PayloadText.Of(cp.UserAgent),
            RefererUriText = PayloadText.Of(cp.RefererUri),
            QuerystringText = PayloadText.OfUtf8(writer.ToArray()),
            BodyText = PayloadText.Of(cp.Body),
            HeaderTexts = headerTexts,
            ContentTypeText = PayloadText.Of(cp.ContentType),
            HostnameText = PayloadText.Of(cp.Hostname),
            NetworkUserId = CollectorPayloadJson.NetworkUserIdOf(cp.NetworkUserId),
        };
    }

    // The epoch milliseconds a DateTimeOffset holds, which the tree writes the timestamp as (years 1 to 9999).
    private static readonly long MinMillis = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxMillis = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>
    /// The base64 payload string, decoded from the line's bytes when it holds no escape (base64 needs none); any
    /// other string, and any it refuses, through <see cref="Base64Text.DecodeBytes"/>, which names what is wrong.
    /// </summary>
    private static byte[] DecodeBytes(JsonElement payload)
    {
        var raw = JsonMarshal.GetRawUtf8Value(payload)[1..^1]; // without the quotes
        return (raw.IndexOf((byte)'\\') < 0 ? Base64Text.TryDecodeBytes(raw) : null) ?? Base64Text.DecodeBytes(payload.GetString()!);
    }

    private static CollectorPayload DecodeThrift(byte[] bytes)
    {
        try
        {
            return CollectorPayloadThrift.Decode(bytes);
        }
        catch (ThriftFormatException e)
        {
            throw new RowFailure(FailureMessages.NotThrift(e.Message));
        }
    }
}
