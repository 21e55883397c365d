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
            throw new RowFailure("the collector_payload_format_violation row has no payload string");
        var raw = p.GetString()!;
        var error = data.TryGetProperty("failure", out var f) && f.ValueKind == JsonValueKind.Object
            && f.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object
            && m.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;

        if (error is not null && Base64PayloadError().IsMatch(error))
            return (DecodeThrift(Base64Text.DecodeBytes(Base64Text.DecodeText(raw))), null);

        var cp = DecodeThrift(Base64Text.DecodeBytes(raw));
        if (cp.Querystring is null) throw new RowFailure("the collector payload has no querystring to repair");
        var parameters = QuerystringRepair.Parse(cp.Querystring);
        if (parameters.Count == 0)
            throw new RowFailure($"the querystring \"{Base64Text.Abbreviate(cp.Querystring)}\" has no name=value pair to repair");
        return (cp, parameters);
    }

    private static CollectorPayload DecodeThrift(byte[] bytes)
    {
        try
        {
            return CollectorPayloadThrift.Decode(bytes);
        }
        catch (ThriftFormatException e)
        {
            throw new RowFailure($"the payload is not a Thrift collector payload: {e.Message}");
        }
    }
}
